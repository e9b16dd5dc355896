// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  anonymousSession,
  clientSession,
  englishAppPerTest,
  jsonResponse,
  mockFetch,
  problemResponse,
  renderApp,
} from '../../test/render-app';

const privacy = {
  id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
  kind: 'privacy',
  version: 3,
  title: 'Privacy policy',
  bodyText: 'We keep your data safe.',
  hasPdf: false,
  publishedAt: '2026-11-01T10:00:00Z',
};

englishAppPerTest();

function fill(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('registration', () => {
  it('needs the privacy policy accepted and sends the version shown; the answer is the same for any address', async () => {
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(anonymousSession());
      if (url.pathname === '/api/v1/legal/privacy/current') return jsonResponse(privacy);
      if (url.pathname === '/api/v1/client/register')
        return jsonResponse({ status: 'verification_sent' }, 201);
    });
    renderApp('/register');
    await screen.findByText('Version 3 of 1 Nov 2026');
    fill(/^Your name/, 'Anna de Vries');
    fill(/^E-mail address/, 'anna@example.nl');
    fill(/^Password/, 'anna-bestelt-2026');
    fill(/^Repeat password/, 'anna-bestelt-2026');
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await screen.findByText('Please accept the privacy policy to register.');
    expect(calls.some((c) => c.path === '/api/v1/client/register')).toBe(false);

    fireEvent.click(screen.getByLabelText('I have read and accept the privacy policy.'));
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await screen.findByText('Check your e-mail');
    expect(calls.find((c) => c.path === '/api/v1/client/register')?.body).toEqual({
      name: 'Anna de Vries',
      email: 'anna@example.nl',
      password: 'anna-bestelt-2026',
      privacyPolicyId: privacy.id,
      acceptPrivacyPolicy: true,
      locale: 'en',
    });
  });

  it('says so when no privacy policy is published yet', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(anonymousSession());
      if (url.pathname === '/api/v1/legal/privacy/current') return problemResponse(404);
    });
    renderApp('/register');
    await screen.findByText(/Registration is not possible yet/);
    expect(screen.queryByRole('button', { name: 'Register' })).toBeNull();
  });
});

describe('e-mail confirmation', () => {
  it('sends the token once and confirms', async () => {
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(anonymousSession());
      if (url.pathname === '/api/v1/client/verify-email') return new Response(null, { status: 204 });
    });
    renderApp('/verify-email?token=abc123');
    await screen.findByText(/your e-mail address is confirmed/);
    const posts = calls.filter((c) => c.path === '/api/v1/client/verify-email');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({ token: 'abc123' });
  });

  it('explains an expired link and offers a new one to a logged-in client', async () => {
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientSession());
      if (url.pathname === '/api/v1/client/verify-email')
        return problemResponse(400, { code: 'verification_token_expired' });
      if (url.pathname === '/api/v1/client/verify-email/resend')
        return jsonResponse({ status: 'accepted' }, 202);
    });
    renderApp('/verify-email?token=old');
    await screen.findByText('This confirmation link has expired. Ask for a new one.');
    fireEvent.click(screen.getByRole('button', { name: 'Send the link again' }));
    await screen.findByText('A new link is on its way. Please check your inbox.');
    await waitFor(() =>
      expect(calls.some((c) => c.path === '/api/v1/client/verify-email/resend')).toBe(true),
    );
  });

  it('calls a link without a token invalid without asking the server', async () => {
    const calls = mockFetch((url) =>
      url.pathname === '/api/v1/session' ? jsonResponse(anonymousSession()) : undefined,
    );
    renderApp('/verify-email');
    await screen.findByText(/This confirmation link is not valid/);
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/session']);
  });
});
