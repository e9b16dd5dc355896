export * from './accounts';
export * from './auth';
export * from './billing';
export * from './catalog';
export * from './common';
export * from './documents';
export * from './lifecycle';
export * from './ordering';
