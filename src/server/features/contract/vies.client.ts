import type { VatIdCheckData } from '../../../shared/schemas/contract';
import { releaseRequestTransaction } from '../../db/client';

/**
 * The EU's VIES service, through its REST API (`POST {VIES_URL}/check-vat-number` with
 * `{ countryCode, vatNumber }`). A check never refuses a change: when VIES cannot answer
 * (member state or service unavailable, timeout, unexpected reply) the result is `not_checked`
 * with the reason, and the change is saved.
 */
export type ViesClient = {
  readonly enabled: boolean;
  check(vatId: string, now: () => Date): Promise<VatIdCheckData>;
};

const TIMEOUT_MS = 8000;

type ViesReply = {
  valid?: unknown;
  isValid?: unknown;
  name?: unknown;
  traderName?: unknown;
  address?: unknown;
  traderAddress?: unknown;
  userError?: unknown;
  actionSucceed?: unknown;
  errorWrappers?: { error?: unknown; message?: unknown }[];
};

/** VIES writes "---" where it has no name or address to disclose. */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === '---' ? null : trimmed.slice(0, 500);
}

export function createViesClient(baseUrl: string | undefined): ViesClient {
  if (!baseUrl) {
    return {
      enabled: false,
      async check(vatId, now) {
        return {
          vatId,
          result: 'not_checked',
          checkedAt: now().toISOString(),
          name: null,
          address: null,
          detail: 'not_configured',
        };
      },
    };
  }
  const endpoint = `${baseUrl.replace(/\/+$/, '')}/check-vat-number`;
  return {
    enabled: true,
    async check(vatId, now) {
      const notChecked = (detail: string): VatIdCheckData => ({
        vatId,
        result: 'not_checked',
        checkedAt: now().toISOString(),
        name: null,
        address: null,
        detail: detail.slice(0, 200),
      });
      let reply: ViesReply;
      // A remote call: never while holding the request's transaction (ADR 0016).
      await releaseRequestTransaction();
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ countryCode: vatId.slice(0, 2), vatNumber: vatId.slice(2) }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        reply = (await response.json().catch(() => ({}))) as ViesReply;
        const error = reply.errorWrappers?.[0]?.error;
        if (typeof error === 'string') return notChecked(error);
        if (!response.ok) return notChecked(`http_${response.status}`);
      } catch (error) {
        return notChecked((error as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'SERVICE_UNAVAILABLE');
      }
      if (typeof reply.userError === 'string' && !['VALID', 'INVALID'].includes(reply.userError))
        return notChecked(reply.userError);
      const valid = typeof reply.valid === 'boolean' ? reply.valid : reply.isValid;
      if (typeof valid !== 'boolean') return notChecked('unexpected_reply');
      return {
        vatId,
        result: valid ? 'valid' : 'invalid',
        checkedAt: now().toISOString(),
        name: text(reply.name ?? reply.traderName),
        address: text(reply.address ?? reply.traderAddress),
        detail: null,
      };
    },
  };
}
