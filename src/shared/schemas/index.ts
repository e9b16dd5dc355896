export * from './accounts';
export * from './auth';
export * from './catalog';
export * from './common';
export * from './lifecycle';
export * from './ordering';
