import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Cache rules of the built web app (docs/adr/0006-web-accessibility-and-assets.md):
 * files under /assets carry a content hash in their name, so they never change and are cached for
 * a year; index.html names the current hashes, so browsers revalidate it on every visit.
 */
export const ASSET_CACHE = 'public, max-age=31536000, immutable';
export const PAGE_CACHE = 'no-cache';

function setCacheHeaders(reply: FastifyReply, path: string) {
  reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? ASSET_CACHE : PAGE_CACHE);
}

/**
 * Serves the web app from `root` (dist/web): brotli or gzip files made at build time (vite.config.ts)
 * when the browser accepts them, the cache rules above, and index.html for `/`.
 * Returns whether the app is there; the not-found handler then answers page URLs with `sendAppPage`.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(root)) return false;
  await app.register(fastifyStatic, {
    root,
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    wildcard: true,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: setCacheHeaders,
  });
  // The root is a directory to the static handler; the app's page is index.html.
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendAppPage(reply));
  return true;
}

/** The app's page (index.html), never cached, compressed when the browser accepts it. */
export function sendAppPage(reply: FastifyReply) {
  return reply.type('text/html').sendFile('index.html');
}
