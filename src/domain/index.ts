/**
 * Kontor's pure domain library: calendar, termination, money, charges and documents.
 * No I/O, no clock: "today" is always an argument. See docs/domain.md.
 */

export * from './calendar';
export * from './charges';
export * from './corrections';
export * from './documents';
export * from './errors';
export * from './lifecycle';
export * from './money';
export * from './retention';
export * from './termination';
