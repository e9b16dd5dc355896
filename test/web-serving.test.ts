import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { webRoot } from '../src/server/app';
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

  it('unknown API routes stay problem responses', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/no-such-thing',
      headers: { host: 'x.example' },
    });
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});
