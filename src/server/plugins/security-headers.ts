import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The web app's policy: scripts only from the portal itself (no inline script, no eval). Styles
 * allow 'unsafe-inline' deliberately: Mantine writes its CSS variables into <style> elements at
 * run time and components set style attributes; styles cannot run code (ADR 0005).
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // Legal documents (PDF) open in the browser's viewer from the portal's own URLs.
  objectSrc: ["'none'"],
  frameSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()';

/** helmet's options for the portal: every header it sets is the same for every answer. */
const helmetOptions: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
  // Off here, set below only when the request came over https.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
};

/**
 * The headers helmet sets with these options, worked out once: helmet builds its middleware (and
 * the policy strings) on every call, which the fastify plugin did per request (ADR 0017). The
 * options are static, so the headers are too.
 */
export function helmetHeaders(): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name.toLowerCase(), String(value)]);
      return res;
    },
    removeHeader(name: string) {
      removed.push(name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(helmetOptions)({} as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return { set, removed };
}

/**
 * Security headers on every answer (HTML, API, files): helmet's, computed once, plus what helmet
 * does not set: Permissions-Policy, HSTS only over https, and no-store on API answers, which
 * carry personal data and depend on the session.
 */
export async function registerSecurityHeaders(app: FastifyInstance) {
  const { set, removed } = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of set) raw.setHeader(name, value);
    for (const name of removed) raw.removeHeader(name);
    done();
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/v1/') || request.url === '/api/openapi.json')
      reply.header('cache-control', 'no-store');
  });
}
