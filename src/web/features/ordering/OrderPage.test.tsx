// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { OfferedTariff, OrderPage } from '../../../shared/schemas';
import {
  clientSession,
  englishAppPerTest,
  ids,
  jsonResponse,
  mockFetch,
  problemResponse,
  renderApp,
  staffSession,
} from '../../test/render-app';

const moduleId = '66666666-6666-4666-8666-666666666666';
const tariffId = '77777777-7777-4777-8777-777777777777';
const offerTariffId = '88888888-8888-4888-8888-888888888888';
const bookingId = '99999999-9999-4999-8999-999999999999';

function tariff(overrides: Partial<OfferedTariff> = {}): OfferedTariff {
  return {
    id: tariffId,
    title: { nl: 'Basis', de: 'Basis', en: 'Basic' },
    isPublic: true,
    vatRate: '21',
    terminationRule: {
      minimumTermMonths: 0,
      renewalMonths: 0,
      notice: { amount: 1, unit: 'months' },
      anchor: 'month_end',
    },
    minimumTurnover: null,
    businessOnly: false,
    items: [
      {
        id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
        title: { en: 'Base fee' },
        key: 'base_fee',
        unitPrice: '29.90',
        billingMode: 'monthly_in_advance',
        vatRate: null,
        minimumTurnoverFlag: false,
        unit: null,
        terminationRule: null,
        position: 0,
      },
    ],
    ifOrderedToday: { start: '2026-11-26', earliestEnd: '2026-12-31', lastDayToCancel: '2026-11-30' },
    ...overrides,
  };
}

function page(overrides: Partial<OrderPage> = {}): OrderPage {
  return {
    module: { id: moduleId, name: { en: 'Telephone service' }, description: { en: 'We answer your calls.' } },
    accountName: 'Anna de Kapper',
    tariffs: [tariff()],
    isFirstOrder: false,
    contractPartnerDefaults: null,
    customerType: 'business',
    currentBooking: null,
    currentTerms: null,
    emailVerified: true,
    currency: 'EUR',
    ...overrides,
  };
}

const booking = {
  id: bookingId,
  moduleId,
  moduleName: { en: 'Telephone service' },
  tariffId,
  tariffTitle: { en: 'Basic' },
  startDate: '2026-11-26',
  endDate: null,
  state: 'active',
  moduleData: {},
  fields: [],
  version: 1,
  abilities: {},
};

function clientWith(abilities: Record<string, boolean>) {
  const session = clientSession();
  return { ...session, abilities: { ...session.abilities, ...abilities } };
}

englishAppPerTest();

describe('order page', () => {
  it('sends one order with one key per visit, also on a double click, and confirms it', async () => {
    let release: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls = mockFetch((url, init) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientWith({ 'module.order': true }));
      if (url.pathname === `/api/v1/client/modules/${moduleId}/order-page`) return jsonResponse(page());
      if (url.pathname === `/api/v1/client/modules/${moduleId}/orders` && init.method === 'POST')
        // The answer waits until both clicks happened.
        return answered.then(() => jsonResponse({ booking, contractConcluded: false }, 201));
      if (url.pathname === '/api/v1/client/bookings')
        return jsonResponse({ bookings: [booking], orderable: [] });
    });
    renderApp(`/modules/${moduleId}/order`);
    const button = await screen.findByRole('button', { name: 'Order with obligation to pay' });
    expect(
      screen.getByText('If you order today: earliest end 31 Dec 2026 (cancel by 30 Nov 2026).'),
    ).toBeTruthy();
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    release();
    await screen.findByRole('heading', { name: 'Thank you for your order' });
    expect(screen.getByTestId('confirmation-intro').textContent).toBe('Your order has been placed.');
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as { tariffId: string; idempotencyKey: string; contractPartner?: unknown };
    expect(body.tariffId).toBe(tariffId);
    expect(body.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.contractPartner).toBeUndefined();
    expect(screen.getByText('A confirmation e-mail is on its way.')).toBeTruthy();
  });

  it('names the order button in every language as the law asks', async () => {
    for (const [language, text] of [
      ['nl', 'Bestellen met betalingsverplichting'],
      ['de', 'Zahlungspflichtig bestellen'],
    ] as const) {
      const session = { ...clientWith({ 'module.order': true }) };
      session.client = { ...session.client!, locale: language };
      mockFetch((url) => {
        if (url.pathname === '/api/v1/session') return jsonResponse(session);
        if (url.pathname.endsWith('/order-page')) return jsonResponse(page());
      });
      renderApp(`/modules/${moduleId}/order`);
      await screen.findByRole('button', { name: text });
      cleanup();
      vi.unstubAllGlobals();
    }
  });

  it('keeps the page and says so neutrally when an offer number is unknown', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientWith({ 'module.order': true }));
      if (url.pathname.endsWith('/order-page'))
        return url.searchParams.get('offerNumber')
          ? problemResponse(404, { code: 'offer_number_unknown', title: 'Unknown' })
          : jsonResponse(page());
    });
    renderApp(`/modules/${moduleId}/order?offerNumber=WRONG`);
    await screen.findByText('This offer number is not valid for this module. Please check it.');
    expect(screen.getByRole('button', { name: 'Order with obligation to pay' })).toBeTruthy();
  });

  it('selects the tariff an offer number reveals and sends the number with the order', async () => {
    const calls = mockFetch((url, init) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientWith({ 'module.order': true }));
      if (url.pathname.endsWith('/order-page'))
        return jsonResponse(
          page({
            tariffs: [tariff(), tariff({ id: offerTariffId, isPublic: false, title: { en: 'Promotion' } })],
          }),
        );
      if (url.pathname.endsWith('/orders') && init.method === 'POST')
        return jsonResponse({ booking, contractConcluded: false }, 201);
      if (url.pathname === '/api/v1/client/bookings')
        return jsonResponse({ bookings: [booking], orderable: [] });
    });
    renderApp(`/modules/${moduleId}/order?offerNumber=ACTIE-1`);
    fireEvent.click(await screen.findByRole('button', { name: 'Order with obligation to pay' }));
    await screen.findByRole('heading', { name: 'Thank you for your order' });
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      tariffId: offerTariffId,
      offerNumber: 'ACTIE-1',
    });
  });

  it('asks for the contract partner and the terms on the first order, before calling the server', async () => {
    const terms = {
      id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      kind: 'terms' as const,
      version: 2,
      title: 'Terms and conditions',
      bodyText: 'Be nice.',
      hasPdf: false,
      publishedAt: '2026-11-01T10:00:00Z',
    };
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientWith({ 'module.order': true }));
      if (url.pathname.endsWith('/order-page'))
        return jsonResponse(
          page({
            isFirstOrder: true,
            currentTerms: terms,
            contractPartnerDefaults: { name: 'Anna', company: null },
          }),
        );
    });
    renderApp(`/modules/${moduleId}/order`);
    fireEvent.click(await screen.findByRole('button', { name: 'Order with obligation to pay' }));
    await screen.findByText('Please accept the terms and conditions to order.');
    expect((screen.getByRole('textbox', { name: /^Name/ }) as HTMLInputElement).value).toBe('Anna');
    expect(screen.getAllByText('Please fill in this field.').length).toBeGreaterThanOrEqual(3);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows the e-mail banner, and a member sees the page without the order button', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientWith({ 'module.order': false }));
      if (url.pathname.endsWith('/order-page')) return jsonResponse(page({ emailVerified: false }));
    });
    renderApp(`/modules/${moduleId}/order`);
    await screen.findByText('Please confirm your e-mail address');
    expect(screen.getByText('Only an administrator of your account can order modules.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Order with obligation to pay' })).toBeNull();
    expect(ids.account).toBeTruthy();
  });
});

describe('staff order page', () => {
  const staffPage = `/api/v1/staff/accounts/${ids.account}/modules/${moduleId}/order-page`;
  const employee = () => staffSession({ 'module.order': true, 'module.orderAnyTariff': false });

  it("uses the account's order page: an offer number reveals its tariff, the dates show, the number goes along", async () => {
    const calls = mockFetch((url, init) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(employee());
      if (url.pathname === staffPage) {
        const number = url.searchParams.get('offerNumber');
        if (number === 'WRONG')
          return problemResponse(404, { code: 'offer_number_unknown', title: 'Unknown' });
        return jsonResponse(
          page({
            tariffs: number
              ? [tariff(), tariff({ id: offerTariffId, isPublic: false, title: { en: 'Promotion' } })]
              : [tariff()],
          }),
        );
      }
      if (url.pathname === `/api/v1/staff/accounts/${ids.account}/orders` && init.method === 'POST')
        return jsonResponse(
          { booking: { ...booking, tariffId: offerTariffId }, contractConcluded: false },
          201,
        );
      if (url.pathname === `/api/v1/staff/accounts/${ids.account}/bookings`)
        return jsonResponse({ bookings: [booking], orderable: [] });
    });
    renderApp(`/staff/accounts/${ids.account}/order/${moduleId}`);
    // Staff order for someone else: every text names the client (the account), none addresses them.
    await screen.findByRole('heading', { name: 'Order Telephone service for Anna de Kapper' });
    await waitFor(() => expect(document.title).toBe('Order for Anna de Kapper – Demo Telefoonservice'));
    expect(
      screen.getByText(
        'If ordered today, Anna de Kapper can end it on 31 Dec 2026 at the earliest (cancel by 30 Nov 2026).',
      ),
    ).toBeTruthy();
    expect(
      screen.getByText('Has Anna de Kapper received an offer? Enter its number to see the tariff.'),
    ).toBeTruthy();
    expect(
      screen.getByText('The order is binding for Anna de Kapper, who gets a confirmation e-mail.'),
    ).toBeTruthy();
    expect(screen.queryByText(/\byou\b|\byour\b/i)).toBeNull();
    // Not the first order: no contract partner.
    expect(screen.queryByTestId('contract-partner-form')).toBeNull();

    fireEvent.change(screen.getByTestId('offer-number'), { target: { value: 'WRONG' } });
    fireEvent.click(screen.getByTestId('offer-number-apply'));
    await screen.findByText('This offer number is not valid for this module. Please check it.');

    fireEvent.change(screen.getByTestId('offer-number'), { target: { value: 'ACTIE-1' } });
    fireEvent.click(screen.getByTestId('offer-number-apply'));
    await screen.findByRole('radio', { name: 'Promotion' });
    await waitFor(() =>
      expect(screen.getByRole('radio', { name: 'Promotion' }).getAttribute('aria-checked')).toBe('true'),
    );
    expect(screen.getByText('The tariff of the offer to Anna de Kapper is shown above.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Place the order for Anna de Kapper' }));
    await screen.findByTestId('order-confirmation');
    // The confirmation says for whom it was ordered; it does not thank the staff member.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Ordered for Anna de Kapper');
    expect(screen.getByTestId('confirmation-intro').textContent).toBe(
      'The account of Anna de Kapper now has a new booking.',
    );
    expect(screen.getByText('Anna de Kapper gets a confirmation e-mail.')).toBeTruthy();
    expect(screen.queryByText(/thank/i)).toBeNull();
    expect(screen.getByTestId('confirmation-earliest-end').textContent).toContain('31 Dec 2026');
    expect(screen.getByTestId('confirmation-last-day').textContent).toContain('30 Nov 2026');
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      tariffId: offerTariffId,
      offerNumber: 'ACTIE-1',
    });
    expect(calls.some((c) => c.path.includes('/api/v1/staff/modules/'))).toBe(false);
  });

  it('asks for the contract partner when the server says this is the first order', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(employee());
      if (url.pathname === staffPage)
        return jsonResponse(
          page({
            isFirstOrder: true,
            contractPartnerDefaults: { company: null, name: 'Anna', email: 'a@x.example' },
          }),
        );
    });
    renderApp(`/staff/accounts/${ids.account}/order/${moduleId}`);
    await screen.findByTestId('contract-partner-form');
    expect(
      screen.getByText(
        'The first order concludes the contract with Anna de Kapper: enter the contract partner.',
      ),
    ).toBeTruthy();
    expect(screen.getByText('Does Anna de Kapper order as a business or as a private person?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Place the order for Anna de Kapper' }));
    await screen.findByText('Choose whether Anna de Kapper orders as a business or as a private person.');
  });

  it('names the client in Dutch and German too, and where there is no public tariff', async () => {
    for (const [language, heading, none] of [
      [
        'nl',
        'Telephone service bestellen voor Anna de Kapper',
        'Deze module heeft geen openbaar tarief. Vul het aanbiedingsnummer in dat Anna de Kapper heeft ontvangen.',
      ],
      [
        'de',
        'Telephone service für Anna de Kapper bestellen',
        'Dieses Modul hat keinen öffentlichen Tarif. Geben Sie die Angebotsnummer ein, die Anna de Kapper erhalten hat.',
      ],
    ] as const) {
      const session = employee();
      session.staff = { ...session.staff!, locale: language };
      mockFetch((url) => {
        if (url.pathname === '/api/v1/session') return jsonResponse(session);
        if (url.pathname === staffPage) return jsonResponse(page({ tariffs: [] }));
      });
      renderApp(`/staff/accounts/${ids.account}/order/${moduleId}`);
      await screen.findByRole('heading', { name: heading });
      expect(screen.getByTestId('no-public-tariff').textContent).toBe(none);
      cleanup();
      vi.unstubAllGlobals();
    }
  });
});
