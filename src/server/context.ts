import type { Actor } from '../shared/permissions';

/** What a service needs to know about the request it serves; services never see HTTP. */
export type RequestContext = {
  tenantId: string;
  actor: Actor | null;
  requestId: string;
  ip: string;
  /** The instant of the request, from the server's one clock. */
  now: Date;
  /** Today in the tenant's time zone (YYYY-MM-DD), from the same clock. */
  today: string;
};
