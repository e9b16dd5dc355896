import type { z } from 'zod';
import type {
  bookOptionBody,
  cancellationBody,
  tariffChangeBody,
  terminateOptionBody,
} from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export type Realm = 'client' | 'staff';

export const lifecycleKeys = {
  one: (realm: Realm, bookingId: string) => ['bookings', realm, bookingId, 'lifecycle'] as const,
  choices: (realm: Realm, bookingId: string, offerNumber: string) =>
    ['bookings', realm, bookingId, 'tariff-choices', offerNumber] as const,
};

const base = (realm: Realm, id: string) => `/api/v1/${realm}/bookings/${encodeURIComponent(id)}`;

export function fetchLifecycle(realm: Realm, id: string, signal?: AbortSignal) {
  return apiRequest(`${base(realm, id)}/lifecycle`, { response: 'bookingLifecycle', signal });
}

export function previewCancellation(realm: Realm, id: string, endDate: string | null) {
  return apiRequest(`${base(realm, id)}/cancellation/preview`, {
    method: 'POST',
    body: endDate ? { endDate } : {},
    response: 'cancellationPreview',
  });
}

export function cancelBooking(realm: Realm, id: string, body: z.input<typeof cancellationBody>) {
  return apiRequest(`${base(realm, id)}/cancellation`, {
    method: 'POST',
    body,
    response: 'bookingLifecycle',
  });
}

export function withdrawCancellation(realm: Realm, id: string) {
  return apiRequest(`${base(realm, id)}/cancellation/withdraw`, {
    method: 'POST',
    body: {},
    response: 'bookingLifecycle',
  });
}

export function fetchTariffChoices(realm: Realm, id: string, offerNumber: string, signal?: AbortSignal) {
  const q = offerNumber ? `?offerNumber=${encodeURIComponent(offerNumber)}` : '';
  return apiRequest(`${base(realm, id)}/tariff-choices${q}`, { response: 'tariffChoices', signal });
}

export function previewTariffChange(realm: Realm, id: string, body: z.input<typeof tariffChangeBody>) {
  const { reason: _reason, ...preview } = body;
  return apiRequest(`${base(realm, id)}/tariff-change/preview`, {
    method: 'POST',
    body: preview,
    response: 'tariffChangePreview',
  });
}

export function changeTariff(realm: Realm, id: string, body: z.input<typeof tariffChangeBody>) {
  return apiRequest(`${base(realm, id)}/tariff-change`, {
    method: 'POST',
    body,
    response: 'bookingLifecycle',
  });
}

export function withdrawTariffChange(realm: Realm, id: string) {
  return apiRequest(`${base(realm, id)}/tariff-change/withdraw`, {
    method: 'POST',
    body: {},
    response: 'bookingLifecycle',
  });
}

export function bookOption(id: string, body: z.input<typeof bookOptionBody>) {
  return apiRequest(`${base('staff', id)}/options`, { method: 'POST', body, response: 'bookingLifecycle' });
}

export function terminateOption(id: string, optionId: string, body: z.input<typeof terminateOptionBody>) {
  return apiRequest(`${base('staff', id)}/options/${encodeURIComponent(optionId)}/termination`, {
    method: 'POST',
    body,
    response: 'bookingLifecycle',
  });
}
