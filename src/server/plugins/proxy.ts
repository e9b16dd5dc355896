import { randomUUID } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TrustProxy } from '../env';

export type TrustFunction = (address: string, hop: number) => boolean;

function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The trust decision for X-Forwarded-* as a function of (peer address, hop): none, the nearest
 * `n` hops, or peers in a list of addresses/CIDRs. With a hop count, a client sending its own
 * X-Forwarded-For only prepends entries that are never reached.
 */
export function trustFunction(trust: TrustProxy): TrustFunction | false {
  if (trust === false || trust === 0) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  const list = new BlockList();
  for (const entry of trust) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const a = plain(address);
    return list.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4');
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** X-Request-Id sent by a trusted proxy (logged beside the server's own id); never used as the id. */
    upstreamRequestId: string | undefined;
  }
}

/** Request ids are generated here; an id sent by a trusted proxy is kept separately for logs. */
export const generateRequestId = () => randomUUID();

export function registerRequestIds(app: FastifyInstance, trust: TrustFunction | false) {
  app.decorateRequest('upstreamRequestId', undefined);
  app.addHook('onRequest', async (request) => {
    const given = request.headers['x-request-id'];
    if (!trust || typeof given !== 'string' || !/^[\w.:-]{1,128}$/.test(given)) return;
    if (!trust(request.socket.remoteAddress ?? '', 0)) return;
    request.upstreamRequestId = given;
    request.log = request.log.child({ upstreamRequestId: given });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
