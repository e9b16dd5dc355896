// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BookingDto } from '../../../shared/schemas';
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

const bookingId = '99999999-9999-4999-8999-999999999999';

function booking(overrides: Partial<BookingDto> = {}): BookingDto {
  return {
    id: bookingId,
    moduleId: '66666666-6666-4666-8666-666666666666',
    moduleName: { en: 'Telephone service' },
    tariffId: '77777777-7777-4777-8777-777777777777',
    tariffTitle: { en: 'Basic' },
    startDate: '2026-11-26',
    endDate: null,
    state: 'active',
    moduleData: { greeting: 'Hello', lines: 2 },
    fields: [
      { key: 'greeting', label: { en: 'Greeting' }, type: 'text', required: true, clientEditable: true },
      { key: 'lines', label: { en: 'Lines' }, type: 'number', required: false, clientEditable: false },
    ],
    version: 4,
    abilities: { 'booking.editModuleData': true },
    ...overrides,
  };
}

englishAppPerTest();

describe('booking page', { timeout: 20_000 }, () => {
  it('tells a member the real reason a client-editable field is read-only: the role, not the operator', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientSession());
      if (url.pathname === `/api/v1/client/bookings/${bookingId}`)
        return jsonResponse(booking({ abilities: { 'booking.editModuleData': false } }));
    });
    renderApp(`/bookings/${bookingId}`);
    const greeting = (await screen.findByLabelText(/^Greeting/)) as HTMLInputElement;
    expect(greeting.readOnly).toBe(true);
    expect(screen.getByText('Only an admin of the account can change this')).toBeTruthy();
    // The operator-only field keeps its own reason.
    expect(screen.getByText('Set by the operator')).toBeTruthy();
  });

  it('lets a client edit client-editable fields only and keeps the input on a stale version', async () => {
    const current = booking({ moduleData: { greeting: 'Changed by staff', lines: 3 }, version: 5 });
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientSession());
      if (url.pathname === `/api/v1/client/bookings/${bookingId}`) return jsonResponse(booking());
      if (url.pathname === `/api/v1/client/bookings/${bookingId}/module-data`)
        return problemResponse(409, { code: 'stale_version', current });
    });
    renderApp(`/bookings/${bookingId}`);
    const greeting = (await screen.findByLabelText(/^Greeting/)) as HTMLInputElement;
    const lines = screen.getByLabelText(/^Lines/) as HTMLInputElement;
    expect(lines.readOnly).toBe(true);
    expect(screen.getByText('Set by the operator')).toBeTruthy();

    fireEvent.change(greeting, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Please fill in this field.');
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    fireEvent.change(greeting, { target: { value: 'Good morning' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Changed in the meantime');
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      values: { greeting: 'Good morning' },
      version: 4,
    });
    expect(greeting.value).toBe('Good morning');

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'PATCH')[1]?.body).toMatchObject({ version: 5 });
  });

  it("loads only the one booking; a booking that is not the client's says so", async () => {
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientSession());
      if (url.pathname === `/api/v1/client/bookings/${bookingId}`)
        return problemResponse(404, { code: 'not_found', title: 'Booking not found' });
    });
    renderApp(`/bookings/${bookingId}`);
    await screen.findByText('This booking does not exist or is not yours.');
    expect(calls.map((c) => c.path)).not.toContain('/api/v1/client/bookings');
  });

  it('shows staff the booking from the staff endpoint and saves there', async () => {
    const saved = booking({ moduleData: { greeting: 'Hello', lines: 5 }, version: 5 });
    const calls = mockFetch((url, init) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(staffSession({ 'contract.view': true }));
      if (url.pathname === `/api/v1/staff/bookings/${bookingId}`) return jsonResponse(booking());
      if (url.pathname === `/api/v1/staff/bookings/${bookingId}/module-data` && init.method === 'PATCH')
        return jsonResponse(saved);
    });
    renderApp(`/staff/accounts/${ids.account}/bookings/${bookingId}`);
    const lines = (await screen.findByLabelText(/^Lines/)) as HTMLInputElement;
    expect(lines.readOnly).toBe(false);
    fireEvent.change(lines, { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ values: { lines: 5 }, version: 4 }),
    );
    await screen.findByText('The module data has been saved.');
    expect(calls.some((c) => c.path === `/api/v1/staff/accounts/${ids.account}/bookings`)).toBe(false);
  });
});
