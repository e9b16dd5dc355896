export * from './accounts';
export * from './auth';
export * from './catalog';
export * from './common';
export * from './ordering';
export * from './lifecycle';
