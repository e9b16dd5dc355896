import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { invoiceSettings } from '../../db/schema';

export type InvoiceSettingsRow = typeof invoiceSettings.$inferSelect;
type Values = Pick<InvoiceSettingsRow, 'paymentTerms' | 'issuer' | 'numberPatterns'>;

/** One row per tenant, which may not exist yet. */
export const invoiceSettingsRepository = {
  async find(tx: Queryable, tenantId: string, opts: { forUpdate?: boolean } = {}) {
    const q = tx.select().from(invoiceSettings).where(eq(invoiceSettings.tenantId, tenantId)).limit(1);
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  /** Creates the row; undefined when another request created it first. */
  async insert(tx: Queryable, tenantId: string, values: Values, now: Date) {
    const [row] = await tx
      .insert(invoiceSettings)
      .values({ tenantId, ...values, updatedAt: now })
      .onConflictDoNothing({ target: invoiceSettings.tenantId })
      .returning();
    return row;
  },

  async update(tx: Queryable, tenantId: string, version: number, values: Values, now: Date) {
    const [row] = await tx
      .update(invoiceSettings)
      .set({ ...values, updatedAt: now, version: sql`${invoiceSettings.version} + 1` })
      .where(and(eq(invoiceSettings.tenantId, tenantId), eq(invoiceSettings.version, version)))
      .returning();
    return row;
  },
};
