import type { App } from '../../src/server/app';

// biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies freely
type Json = any;
type Reply = { status: number; headers: Record<string, unknown>; body: string; json<T = Json>(): T };

/**
 * A browser-like client over app.inject: keeps cookies per host, sends the CSRF header on
 * state-changing requests like the web app does.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: App,
    readonly host: string,
    /** The client's address as the server sees it (default: app.inject's 127.0.0.1). */
    private readonly opts: { remoteAddress?: string } = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(setCookie: unknown) {
    const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    for (const c of list as string[]) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const value = rest.join('=');
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    opts: { headers?: Record<string, string>; csrf?: boolean; rawBody?: string } = {},
  ): Promise<Reply> {
    if (method !== 'GET' && opts.csrf !== false && !this.cookies.has('kontor_csrf'))
      await this.request('GET', '/api/v1/session');
    const headers: Record<string, string> = { host: this.host, ...opts.headers };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (method !== 'GET' && opts.csrf !== false)
      headers['x-csrf-token'] = this.cookies.get('kontor_csrf') ?? '';
    const payload = opts.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await this.app.inject({
      ...(this.opts.remoteAddress ? { remoteAddress: this.opts.remoteAddress } : {}),
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    this.remember(res.headers['set-cookie']);
    return { status: res.statusCode, headers: res.headers, body: res.body, json: () => JSON.parse(res.body) };
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body);
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body);
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body);
  }

  async login(realm: 'staff' | 'client', email: string, password: string): Promise<Reply> {
    return this.post(`/api/v1/${realm}/login`, { email, password });
  }
}
