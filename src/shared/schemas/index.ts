export * from './account-closing';
export * from './account-users';
export * from './accounts';
export * from './auth';
export * from './catalog';
export * from './common';
export * from './ordering';
