// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { terminationPresets } from '../../../domain';
import type { ModuleDto, TariffDto } from '../../../shared/schemas';
import {
  englishAppPerTest,
  jsonResponse,
  mockFetch,
  problemResponse,
  renderApp,
  staffSession,
} from '../../test/render-app';

const moduleId = '66666666-6666-4666-8666-666666666666';

function module(overrides: Partial<ModuleDto> = {}): ModuleDto {
  return {
    id: moduleId,
    name: { nl: 'Telefoonservice', en: 'Telephone service' },
    description: { en: 'We answer your calls' },
    fields: [
      { key: 'greeting', label: { en: 'Greeting' }, type: 'text', required: true, clientEditable: true },
      { key: 'hours', label: { en: 'Office hours' }, type: 'text', required: false, clientEditable: false },
    ],
    status: 'active',
    tariffCount: 0,
    publicTariffCount: 0,
    version: 4,
    abilities: { 'catalog.manage': true },
    ...overrides,
  };
}

englishAppPerTest();

beforeEach(() => {
  // jsdom has no font loading API; Mantine's autosizing textarea listens to it.
  if (!('fonts' in document))
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: { addEventListener: () => {}, removeEventListener: () => {} },
    });
});

function routes(save: (body: unknown) => Response) {
  return mockFetch((url, init) => {
    if (url.pathname === '/api/v1/session') return jsonResponse(staffSession({ 'catalog.manage': true }));
    if (url.pathname === `/api/v1/staff/modules/${moduleId}` && (init.method ?? 'GET') === 'GET')
      return jsonResponse(module());
    if (url.pathname === `/api/v1/staff/modules/${moduleId}/tariffs`) return jsonResponse({ items: [] });
    if (url.pathname === `/api/v1/staff/modules/${moduleId}` && init.method === 'PATCH')
      return save(JSON.parse(String(init.body)));
    if (url.pathname === '/api/v1/staff/modules') return jsonResponse({ items: [module()] });
  });
}

describe('module form', () => {
  it('shows the server’s field messages at the inputs they name', async () => {
    routes(() =>
      problemResponse(400, {
        code: 'validation_failed',
        errors: [{ field: 'fields.1.key', message: 'Key "hours" is reserved', code: 'custom' }],
      }),
    );
    renderApp(`/staff/catalog/modules/${moduleId}`);
    const keys = await screen.findAllByTestId('field-key');
    fireEvent.click(screen.getByTestId('module-save'));
    await screen.findByText('Key "hours" is reserved');
    // The message sits at the second field's key input.
    expect(keys[1]?.getAttribute('aria-invalid')).toBe('true');
    expect(keys[0]?.getAttribute('aria-invalid')).not.toBe('true');
  });

  it('keeps the input on a stale version and saves next with the newer version', async () => {
    const bodies: { version: number; name: unknown }[] = [];
    let attempt = 0;
    routes((body) => {
      bodies.push(body as { version: number; name: unknown });
      attempt += 1;
      if (attempt === 1)
        return problemResponse(409, { code: 'stale_version', current: module({ version: 5 }) });
      return jsonResponse(module({ version: 6, name: { en: 'Answering service' } }));
    });
    renderApp(`/staff/catalog/modules/${moduleId}`);
    const name = await screen.findByTestId('module-name-en');
    fireEvent.change(name, { target: { value: 'Answering service' } });
    fireEvent.click(screen.getByTestId('module-save'));
    await screen.findByText('Changed in the meantime');
    expect((screen.getByTestId('module-name-en') as HTMLInputElement).value).toBe('Answering service');
    fireEvent.click(screen.getByTestId('module-save'));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies.map((b) => b.version)).toEqual([4, 5]);
    expect(bodies[1]?.name).toEqual({ nl: 'Telefoonservice', en: 'Answering service' });
  });

  it('moves a field up and sends the new order', async () => {
    const bodies: { fields: { key: string }[] }[] = [];
    routes((body) => {
      bodies.push(body as { fields: { key: string }[] });
      return jsonResponse(module({ version: 5 }));
    });
    renderApp(`/staff/catalog/modules/${moduleId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Move hours up' }));
    fireEvent.click(screen.getByTestId('module-save'));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]?.fields.map((f) => f.key)).toEqual(['hours', 'greeting']);
  });
});

describe('staff navigation', () => {
  it('shows the catalog only with the ability', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(staffSession({ 'catalog.manage': false }));
      if (url.pathname === '/api/v1/staff/accounts')
        return jsonResponse({ items: [], total: 0, totalCapped: false, page: 1, pageSize: 20 });
    });
    renderApp('/staff');
    await screen.findByRole('heading', { name: 'Client accounts' });
    expect(screen.queryAllByTestId('nav-catalog')).toHaveLength(0);
  });
});

const tariffId = '77777777-7777-4777-8777-777777777777';

function tariff(overrides: Partial<TariffDto> = {}): TariffDto {
  return {
    id: tariffId,
    moduleId,
    title: { en: 'Basic' },
    isPublic: true,
    offerNumber: null,
    displayOrder: 0,
    vatRate: '21',
    terminationRule: terminationPresets.monthly,
    minimumTurnover: null,
    businessOnly: false,
    items: [],
    inUse: false,
    bookingCount: 0,
    currentBookingCount: 0,
    publishedAt: null,
    version: 3,
    abilities: {
      'catalog.manage': true,
      'tariff.delete': true,
      'tariff.publish': true,
      'tariff.unpublish': false,
    },
    ...overrides,
  };
}

function tariffRoutes(current: TariffDto, publish: (body: unknown) => Response) {
  return mockFetch((url, init) => {
    if (url.pathname === '/api/v1/session') return jsonResponse(staffSession({ 'catalog.manage': true }));
    if (url.pathname === `/api/v1/staff/tariffs/${tariffId}`) return jsonResponse(current);
    if (url.pathname === `/api/v1/staff/modules/${moduleId}`) return jsonResponse(module());
    if (url.pathname === `/api/v1/staff/tariffs/${tariffId}/publish` && init.method === 'POST')
      return publish(JSON.parse(String(init.body)));
  });
}

describe('tariff publishing', () => {
  it('asks first, sends the version read and shows the server’s message for a tariff without items', async () => {
    const bodies: unknown[] = [];
    tariffRoutes(tariff(), (body) => {
      bodies.push(body);
      return problemResponse(400, {
        code: 'validation_failed',
        errors: [{ field: 'items', message: 'Add at least one item before publishing', code: 'custom' }],
      });
    });
    renderApp(`/staff/catalog/tariffs/${tariffId}`);
    fireEvent.click(await screen.findByTestId('tariff-publish'));
    await screen.findByText(/clients can order this tariff from now on/);
    expect(bodies).toHaveLength(0);
    fireEvent.click(screen.getByTestId('tariff-publish-confirm'));
    await screen.findByText('Add at least one item before publishing');
    expect(bodies).toEqual([{ version: 3 }]);
  });

  it('offers unpublishing for a published tariff and nothing without the abilities', async () => {
    tariffRoutes(
      tariff({
        publishedAt: '2026-11-01T09:00:00.000Z',
        abilities: { 'catalog.manage': true, 'tariff.publish': false, 'tariff.unpublish': true },
      }),
      () => jsonResponse({}),
    );
    renderApp(`/staff/catalog/tariffs/${tariffId}`);
    await screen.findByTestId('tariff-unpublish');
    expect(screen.queryAllByTestId('tariff-publish')).toHaveLength(0);
    expect(screen.getAllByTestId('tariff-published-badge')[0]?.textContent).toBe('Published');
  });
});

const itemId = '88888888-8888-4888-8888-888888888888';

function item(abilities: Record<string, boolean>): TariffDto['items'][number] {
  return {
    id: itemId,
    title: { en: 'Base fee' },
    key: 'base_fee',
    unitPrice: '29.90',
    billingMode: 'monthly_in_advance',
    vatRate: null,
    minimumTurnoverFlag: false,
    unit: null,
    terminationRule: null,
    position: 0,
    version: 2,
    abilities,
  };
}

/** A tariff that bookings use: its items may change titles and flags, their price only from a date. */
const inUse = tariff({
  inUse: true,
  bookingCount: 3,
  currentBookingCount: 2,
  publishedAt: '2026-01-01T09:00:00.000Z',
  abilities: {
    'catalog.manage': true,
    'tariff.delete': false,
    'tariff.publish': false,
    'tariff.unpublish': true,
  },
  items: [
    item({
      'item.edit': true,
      'item.editPrice': false,
      'item.changePrice': true,
      'item.changeKind': false,
      'item.delete': false,
    }),
  ],
});

function inUseRoutes(current: TariffDto, onPriceChange: (body: unknown) => Response) {
  return mockFetch((url, init) => {
    if (url.pathname === '/api/v1/session') return jsonResponse(staffSession({ 'catalog.manage': true }));
    if (url.pathname === `/api/v1/staff/tariffs/${tariffId}`) return jsonResponse(current);
    if (url.pathname === `/api/v1/staff/modules/${moduleId}`) return jsonResponse(module());
    if (url.pathname === '/api/v1/staff/termination-rules/preview')
      return jsonResponse({ problems: [], preset: 'monthly', description: null, example: null });
    if (url.pathname === `/api/v1/staff/tariff-items/${itemId}/price-changes`) {
      if (init.method === 'POST') return onPriceChange(JSON.parse(String(init.body)));
      return jsonResponse({ items: [] });
    }
  });
}

describe('a tariff in use', () => {
  it('offers per item only what its abilities allow and says beforehand how many current bookings a change affects', async () => {
    inUseRoutes(inUse, () => jsonResponse({ items: [] }));
    renderApp(`/staff/catalog/tariffs/${tariffId}`);
    const notice = await screen.findByTestId('tariff-in-use-page');
    expect(within(notice).getByTestId('tariff-booking-count').textContent).toBe(
      '2 current bookings use this tariff. Including ended bookings, 3 bookings have used it in all.',
    );
    expect(notice.textContent).toContain('A price changes only from a date you choose');
    // No delete for the item (the server would refuse it); Edit and the price change from a date.
    await screen.findByTestId('item-edit');
    expect(screen.queryAllByTestId('item-delete')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Change price from a date: Base fee' })).toBeTruthy();
    // The tariff settings say what their change affects too.
    expect(screen.getByTestId('tariff-in-use-settings').textContent).toContain(
      'A new notice rule applies to every cancellation of these bookings requested from now on.',
    );
  });

  it('the item dialog repeats the count, fixes kind, billing and price, and leads to the price change from a date', async () => {
    const bodies: unknown[] = [];
    inUseRoutes(inUse, (body) => {
      bodies.push(body);
      return jsonResponse(
        {
          items: [
            {
              id: '99999999-9999-4999-8999-999999999999',
              itemId,
              itemTitle: 'Base fee',
              tariffTitle: 'Basic',
              validFrom: '2027-01-01',
              unitPrice: '32.50',
              previousUnitPrice: '29.90',
            },
          ],
        },
        201,
      );
    });
    renderApp(`/staff/catalog/tariffs/${tariffId}`);
    fireEvent.click(await screen.findByTestId('item-edit'));
    const dialog = await screen.findByRole('dialog', { name: 'Change item' });
    expect(within(dialog).getByTestId('tariff-booking-count').textContent).toContain(
      '2 current bookings use this tariff.',
    );
    const price = within(dialog).getByTestId('item-price') as HTMLInputElement;
    expect(price.readOnly).toBe(true);
    within(dialog).getByText('Bookings use this tariff, so the price changes only from a date.');
    expect((within(dialog).getByTestId('item-key') as HTMLInputElement).disabled).toBe(true);
    expect((within(dialog).getByTestId('item-billing') as HTMLInputElement).disabled).toBe(true);

    fireEvent.click(within(dialog).getByTestId('item-form-price-change'));
    const change = await screen.findByRole('dialog', { name: 'Change the price from a date' });
    await within(change).findByText('No price changes yet.');
    fireEvent.change(within(change).getByTestId('price-change-price'), { target: { value: '32,50' } });
    fireEvent.change(within(change).getByTestId('price-change-date'), { target: { value: '2027-01-01' } });
    fireEvent.click(within(change).getByTestId('price-change-save'));
    await waitFor(() => expect(bodies).toEqual([{ unitPrice: '32.50', validFrom: '2027-01-01' }]));
    await screen.findByText('The price change has been saved.');
  });

  it('an unused tariff says nothing about bookings and lets its items be deleted', async () => {
    inUseRoutes(
      tariff({
        items: [
          item({
            'item.edit': true,
            'item.editPrice': true,
            'item.changePrice': true,
            'item.changeKind': true,
            'item.delete': true,
          }),
        ],
      }),
      () => jsonResponse({ items: [] }),
    );
    renderApp(`/staff/catalog/tariffs/${tariffId}`);
    await screen.findByTestId('item-delete');
    expect(screen.queryAllByTestId('tariff-in-use-page')).toHaveLength(0);
    expect(screen.queryAllByTestId('item-price-change')).toHaveLength(0);
  });
});
