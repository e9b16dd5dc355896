import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { webRoot } from '../src/server/app';
import { ASSET_CACHE, PAGE_CACHE } from '../src/server/web-app';
import { startTestApp, type TestContext } from './support/app';

let t: TestContext;
beforeAll(async () => {
  if (!existsSync(webRoot))
    throw new Error(`${webRoot} is missing: build the web app first (npm run build:web)`);
  t = await startTestApp();
});

describe('serving the web app', () => {
  it.each(['/', '/staff', '/staff/accounts/123', '/reset-password?token=x'])(
    'GET %s → the app page',
    async (url) => {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toMatch(/<div id="root">/);
    },
  );

  it('serves the built assets and answers 404 for missing ones', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    const script = page.body.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await t.app.inject({ method: 'GET', url: script! });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await t.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('index.html is never cached; hashed assets are cached for a year and immutable', async () => {
    for (const url of ['/', '/staff/catalog']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.headers['cache-control']).toBe(PAGE_CACHE);
    }
    const page = await t.app.inject({ method: 'GET', url: '/' });
    const script = page.body.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    const style = page.body.match(/href="(\/assets\/[^"]+\.css)"/)?.[1];
    for (const url of [script, style]) {
      expect(url).toBeDefined();
      const asset = await t.app.inject({ method: 'GET', url: url! });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe(ASSET_CACHE);
    }
  });

  it.each([
    ['br', 'br, gzip, deflate'],
    ['gzip', 'gzip, deflate'],
  ])('sends the %s file made at build time when the browser accepts it', async (encoding, accept) => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    const script = page.body.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    const plain = await t.app.inject({ method: 'GET', url: script! });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const packed = await t.app.inject({
      method: 'GET',
      url: script!,
      headers: { 'accept-encoding': accept },
    });
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-encoding']).toBe(encoding);
    expect(packed.headers['content-type']).toMatch(/javascript/);
    expect(packed.headers.vary).toMatch(/accept-encoding/i);
    expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const html = await t.app.inject({ method: 'GET', url: '/staff', headers: { 'accept-encoding': accept } });
    expect(html.headers['content-encoding']).toBe(encoding);
    expect(html.headers['cache-control']).toBe(PAGE_CACHE);
  });

  it('unknown API routes stay problem responses', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/no-such-thing',
      headers: { host: 'x.example' },
    });
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});
