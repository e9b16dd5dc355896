// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { contractPage, ownerSection } from '../test/contract-page';
import {
  account,
  anonymousSession,
  clientSession,
  englishAppPerTest,
  jsonResponse,
  mockFetch,
  problemResponse,
  renderApp,
  staffSession,
} from '../test/render-app';

englishAppPerTest();

function fillLogin(email: string, password: string) {
  fireEvent.change(screen.getByLabelText(/E-mail address/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('login', () => {
  it('checks the form before calling the server', async () => {
    const calls = mockFetch((url) =>
      url.pathname === '/api/v1/session' ? jsonResponse(anonymousSession()) : undefined,
    );
    renderApp('/');
    await screen.findByRole('heading', { name: 'Log in' });
    fillLogin('not-an-address', '');
    await screen.findByText('Please enter a valid e-mail address.');
    expect(screen.getByText('Please fill in this field.')).toBeTruthy();
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/session']);
  });

  it('shows the generic message on 401 and keeps the input', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(anonymousSession());
      if (url.pathname === '/api/v1/client/login')
        return problemResponse(401, { title: 'E-mail or password is wrong' });
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Log in' });
    fillLogin('jan@bakkerij-jansen.example', 'wrong-password');
    await screen.findByText('E-mail address or password is wrong.');
    expect((screen.getByLabelText(/E-mail address/) as HTMLInputElement).value).toBe(
      'jan@bakkerij-jansen.example',
    );
    expect((screen.getByLabelText(/^Password/) as HTMLInputElement).value).toBe('wrong-password');
  });

  it('says to try again later on 429', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(anonymousSession());
      if (url.pathname === '/api/v1/staff/login') return problemResponse(429, {}, { 'retry-after': '120' });
    });
    renderApp('/staff');
    await screen.findByRole('heading', { name: 'Staff login' });
    fillLogin('owner@telefoonservice.example', 'kontor-demo-2026');
    await screen.findByText(
      /Too many attempts\. Please try again later\. You can try again in about 2 minutes\./,
    );
  });

  it('reports a network failure readably', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(anonymousSession());
      throw new TypeError('Failed to fetch');
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Log in' });
    fillLogin('jan@bakkerij-jansen.example', 'kontor-demo-2026');
    await screen.findByText(/The server cannot be reached/);
  });

  it('shows server field messages next to the fields', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(anonymousSession());
      return problemResponse(400, { errors: [{ field: 'email', message: 'Unknown e-mail domain' }] });
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Log in' });
    fillLogin('jan@bakkerij-jansen.example', 'kontor-demo-2026');
    await screen.findByText('Unknown e-mail domain');
  });
});

describe('realms', () => {
  it('shows the client login to a staff session at /', async () => {
    mockFetch((url) => (url.pathname === '/api/v1/session' ? jsonResponse(staffSession()) : undefined));
    renderApp('/');
    await screen.findByRole('heading', { name: 'Log in' });
    expect(screen.queryByRole('button', { name: 'Log out' })).toBeNull();
  });

  it('shows the staff login to a client session at /staff', async () => {
    mockFetch((url) => (url.pathname === '/api/v1/session' ? jsonResponse(clientSession()) : undefined));
    renderApp('/staff');
    await screen.findByRole('heading', { name: 'Staff login' });
  });

  it('shows a client their own contract page at /', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientSession());
      if (url.pathname === '/api/v1/client/account/contract') return jsonResponse(contractPage());
      if (url.pathname === '/api/v1/client/account/owner-section') return jsonResponse(ownerSection());
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Bakkerij Jansen B.V.', level: 1 });
    expect(screen.getByTestId('customer-number').textContent).toBe('K-1001');
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy();
    expect(screen.queryByTestId('email-not-verified')).toBeNull();
  });

  it('asks a client with an unconfirmed e-mail address to confirm it and sends the link again', async () => {
    const calls = mockFetch((url, init) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientSession({ emailVerified: false }));
      if (url.pathname === '/api/v1/client/account/contract') return jsonResponse(contractPage());
      if (url.pathname === '/api/v1/client/account/owner-section') return jsonResponse(ownerSection());
      if (url.pathname === '/api/v1/client/verify-email/resend' && init.method === 'POST')
        return jsonResponse({ status: 'accepted' }, 202);
    });
    renderApp('/');
    const banner = await screen.findByTestId('email-not-verified');
    expect(banner.textContent).toContain('Please confirm your e-mail address');
    fireEvent.click(screen.getByRole('button', { name: 'Send the link again' }));
    await screen.findByTestId('verification-resent');
    expect(calls.filter((c) => c.path === '/api/v1/client/verify-email/resend')).toHaveLength(1);
  });
});

describe('account list', () => {
  const summary = (name: string, customerNumber: string, isTestAccount = false) => ({
    ...account({ name, customerNumber, isTestAccount }),
    id: crypto.randomUUID(),
    users: undefined,
  });
  const all = [summary('Bakkerij Jansen B.V.', 'K-1001'), summary('Testaccount Demo', 'TEST-1', true)];

  it('searches after a pause in typing and shows the empty state', async () => {
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(staffSession());
      if (url.pathname === '/api/v1/staff/accounts') {
        const q = (url.searchParams.get('q') ?? '').toLowerCase();
        const items = all.filter((a) => a.name.toLowerCase().includes(q));
        return jsonResponse({ items, total: items.length, totalCapped: false, page: 1, pageSize: 20 });
      }
    });
    renderApp('/staff');
    await screen.findByRole('link', { name: 'Testaccount Demo' });
    expect(screen.getByText('Test account')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'Jansen' } });
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Testaccount Demo' })).toBeNull());
    expect(screen.getByRole('link', { name: 'Bakkerij Jansen B.V.' })).toBeTruthy();
    const searches = calls.filter((c) => c.path === '/api/v1/staff/accounts');
    expect(searches).toHaveLength(2);

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'nobody' } });
    await screen.findByText('No account matches “nobody”.');
  });
});

describe('abilities', () => {
  it('offers the outbox only when the session allows it', async () => {
    const list = { items: [], total: 0, totalCapped: false, page: 1, pageSize: 20 };
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(staffSession());
      if (url.pathname === '/api/v1/staff/accounts') return jsonResponse(list);
    });
    renderApp('/staff');
    await screen.findByText('There are no client accounts yet.');
    expect(screen.queryAllByRole('link', { name: 'E-mail outbox' })).toHaveLength(0);
    cleanup();

    mockFetch((url) => {
      if (url.pathname === '/api/v1/session')
        return jsonResponse(staffSession({ 'tenant.readOutbox': true }));
      if (url.pathname === '/api/v1/staff/accounts') return jsonResponse(list);
    });
    renderApp('/staff');
    // jsdom applies no media queries, so both the wide and the narrow navigation are present.
    expect((await screen.findAllByRole('link', { name: 'E-mail outbox' })).length).toBeGreaterThan(0);
  });
});
