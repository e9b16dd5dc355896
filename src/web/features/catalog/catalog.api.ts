import type { z } from 'zod';
import type {
  moduleBody,
  priceChangeBody,
  TerminationRuleInput,
  tariffBody,
  tariffItemBody,
} from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export type ModuleInput = z.input<typeof moduleBody>;
export type TariffInput = z.input<typeof tariffBody>;
export type TariffItemInput = z.input<typeof tariffItemBody>;

export const catalogKeys = {
  all: ['catalog'] as const,
  modules: ['catalog', 'modules'] as const,
  module: (id: string) => ['catalog', 'module', id] as const,
  tariffs: (moduleId: string) => ['catalog', 'tariffs', moduleId] as const,
  tariff: (id: string) => ['catalog', 'tariff', id] as const,
  preview: (rule: TerminationRuleInput) => ['catalog', 'preview', rule] as const,
  priceChanges: (itemId: string) => ['catalog', 'price-changes', itemId] as const,
};

export type PriceChangeInput = z.input<typeof priceChangeBody>;

const enc = encodeURIComponent;

export function fetchModules(signal?: AbortSignal) {
  return apiRequest('/api/v1/staff/modules', { response: 'moduleList', signal });
}

export function fetchModule(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/staff/modules/${enc(id)}`, { response: 'moduleDto', signal });
}

export function createModule(body: ModuleInput) {
  return apiRequest('/api/v1/staff/modules', { method: 'POST', body, response: 'moduleDto' });
}

export function updateModule(id: string, body: ModuleInput & { version: number }) {
  return apiRequest(`/api/v1/staff/modules/${enc(id)}`, { method: 'PATCH', body, response: 'moduleDto' });
}

export function fetchTariffs(moduleId: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/staff/modules/${enc(moduleId)}/tariffs`, { response: 'tariffList', signal });
}

export function fetchTariff(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/staff/tariffs/${enc(id)}`, { response: 'tariffDto', signal });
}

export function createTariff(moduleId: string, body: TariffInput) {
  return apiRequest(`/api/v1/staff/modules/${enc(moduleId)}/tariffs`, {
    method: 'POST',
    body,
    response: 'tariffDto',
  });
}

export function updateTariff(id: string, body: TariffInput & { version: number }) {
  return apiRequest(`/api/v1/staff/tariffs/${enc(id)}`, { method: 'PATCH', body, response: 'tariffDto' });
}

export function deleteTariff(id: string) {
  return apiRequest(`/api/v1/staff/tariffs/${enc(id)}`, { method: 'DELETE' });
}

export function copyTariff(id: string) {
  return apiRequest(`/api/v1/staff/tariffs/${enc(id)}/copy`, { method: 'POST', response: 'tariffDto' });
}

/** Publishes (clients can order it from now on) or unpublishes (no new orders) a tariff. */
export function setTariffPublished(id: string, publish: boolean, version: number) {
  return apiRequest(`/api/v1/staff/tariffs/${enc(id)}/${publish ? 'publish' : 'unpublish'}`, {
    method: 'POST',
    body: { version },
    response: 'tariffDto',
  });
}

export function addTariffItem(tariffId: string, body: TariffItemInput) {
  return apiRequest(`/api/v1/staff/tariffs/${enc(tariffId)}/items`, {
    method: 'POST',
    body,
    response: 'tariffItemDto',
  });
}

export function updateTariffItem(id: string, item: TariffItemInput, version: number) {
  return apiRequest(`/api/v1/staff/tariff-items/${enc(id)}`, {
    method: 'PATCH',
    body: { item, version },
    response: 'tariffItemDto',
  });
}

export function deleteTariffItem(id: string) {
  return apiRequest(`/api/v1/staff/tariff-items/${enc(id)}`, { method: 'DELETE' });
}

/** Past and announced price changes of an item (a tariff in use changes prices only from a date). */
export function fetchPriceChanges(itemId: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/staff/tariff-items/${enc(itemId)}/price-changes`, {
    response: 'priceChangeList',
    signal,
  });
}

/** A new price of an item from a date (today or later); earlier periods keep the old price. */
export function announcePriceChange(itemId: string, body: PriceChangeInput) {
  return apiRequest(`/api/v1/staff/tariff-items/${enc(itemId)}/price-changes`, {
    method: 'POST',
    body,
    response: 'priceChangeList',
  });
}

export function previewTerminationRule(rule: TerminationRuleInput, signal?: AbortSignal) {
  return apiRequest('/api/v1/staff/termination-rules/preview', {
    method: 'POST',
    body: { rule },
    response: 'terminationPreview',
    signal,
  });
}
