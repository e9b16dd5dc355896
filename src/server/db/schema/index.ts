export * from './audit';
export * from './auth';
export * from './billing';
export * from './catalog';
export * from './mail';
export * from './tenants';
export * from './users';
