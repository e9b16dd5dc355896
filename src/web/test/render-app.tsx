import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { cleanup, configure, render } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import type { AccountDetail, SessionInfo } from '../../shared/schemas';
import { initI18n } from '../app/i18n';
import { Providers } from '../app/providers';
import { createQueryClient } from '../app/query-client';
import { createAppRouter } from '../app/router';
import { resources } from './resources';

// Routes are loaded lazily (one chunk per page): the first render of a page in a test file
// transforms that chunk, which takes seconds on a busy machine. Waiting longer than the default
// second costs nothing when the element appears, and a missing element still fails.
configure({ asyncUtilTimeout: 15_000 });

/** jsdom lacks the browser APIs Mantine reads. */
export function installBrowserShims(): void {
  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }),
    });
  }
  if (!globalThis.ResizeObserver) {
    globalThis.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  window.scrollTo = () => {};
}

const ids = {
  tenant: '11111111-1111-4111-8111-111111111111',
  staff: '22222222-2222-4222-8222-222222222222',
  client: '33333333-3333-4333-8333-333333333333',
  account: '44444444-4444-4444-8444-444444444444',
  user2: '55555555-5555-4555-8555-555555555555',
};

export { ids };

const tenant = {
  id: ids.tenant,
  name: 'Demo Telefoonservice',
  defaultLocale: 'nl' as const,
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
};

export function anonymousSession(): SessionInfo {
  return { tenant, today: '2026-11-26', realm: null, staff: null, client: null, abilities: {} };
}

export function staffSession(abilities: Record<string, boolean> = {}): SessionInfo {
  return {
    ...anonymousSession(),
    realm: 'staff',
    staff: { id: ids.staff, name: 'Olaf Eigenaar', email: 'owner@x.example', level: 'owner', locale: 'en' },
    abilities: { 'account.list': true, ...abilities },
  };
}

export function clientSession(client: Partial<NonNullable<SessionInfo['client']>> = {}): SessionInfo {
  return {
    ...anonymousSession(),
    realm: 'client',
    client: {
      id: ids.client,
      name: 'Jan Jansen',
      email: 'jan@bakkerij-jansen.example',
      role: 'admin',
      isAccountOwner: true,
      accountId: ids.account,
      locale: 'en',
      emailVerified: true,
      ...client,
    },
    abilities: { 'contract.view': true },
  };
}

export function account(overrides: Partial<AccountDetail> = {}): AccountDetail {
  return {
    id: ids.account,
    name: 'Bakkerij Jansen B.V.',
    email: 'jan@bakkerij-jansen.example',
    customerNumber: 'K-1001',
    isTestAccount: false,
    closedAt: null,
    createdAt: '2026-11-20T09:00:00Z',
    version: 1,
    abilities: {},
    users: [
      {
        id: ids.client,
        name: 'Jan Jansen',
        email: 'jan@bakkerij-jansen.example',
        role: 'admin',
        isAccountOwner: true,
      },
    ],
    ...overrides,
  };
}

export type Route = (url: URL, init: RequestInit) => Response | Promise<Response> | undefined;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function problemResponse(
  status: number,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Problem', status, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

/** Replaces fetch with a handler; unknown requests fail the test loudly. */
export function mockFetch(route: Route) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init.method ?? 'GET';
    calls.push({ method, path: url.pathname, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const response = await route(url, init);
    if (!response) throw new Error(`Unexpected request ${method} ${url.pathname}`);
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

export function renderApp(path: string) {
  installBrowserShims();
  const i18n = initI18n({ resources });
  const router = createAppRouter({ history: createMemoryHistory({ initialEntries: [path] }) });
  return render(
    <Providers queryClient={createQueryClient()} i18n={i18n}>
      <RouterProvider router={router} />
    </Providers>,
  );
}

/**
 * For a test file's top level: each test starts with the app in English and ends with the page,
 * the stubbed fetch and the stored language cleared.
 */
export function englishAppPerTest(): void {
  beforeEach(() => {
    localStorage.setItem('kontor.language', 'en');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });
}
