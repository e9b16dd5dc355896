export * from './audit';
export * from './auth';
export * from './catalog';
export * from './invitations';
export * from './mail';
export * from './tenants';
export * from './users';
