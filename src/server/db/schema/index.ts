export * from './audit';
export * from './auth';
export * from './billing';
export * from './catalog';
export * from './document-files';
export * from './mail';
export * from './tenants';
export * from './users';
