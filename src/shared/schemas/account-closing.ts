import { z } from 'zod';
import { localizedText } from './catalog';
import { abilities, isoInstant, uuid } from './common';

/** A booking or additional option that is still current (no end date, or one not before today). */
export const runningItem = z.object({
  kind: z.enum(['booking', 'option']),
  id: uuid,
  bookingId: uuid,
  moduleName: localizedText,
  title: localizedText.describe('Tariff title for a booking, item title for an option'),
  startDate: z.string(),
  endDate: z.string().nullable(),
});
export type RunningItem = z.infer<typeof runningItem>;

/** What stays after closing and until when (ADR 0009). */
export const retainedRecord = z.object({
  what: z.enum(['documents', 'contract_records', 'legal_acceptances', 'audit_history']),
  until: z.string().nullable().describe('Last day kept (YYYY-MM-DD); null: nothing of this kind exists'),
});
export type RetainedRecord = z.infer<typeof retainedRecord>;

export const accountOwnerSection = z
  .object({
    accountId: uuid,
    accountName: z.string(),
    owner: z.object({ id: uuid, name: z.string(), email: z.string() }).nullable(),
    closedAt: isoInstant.nullable(),
    /** Latest issue date of the account's documents; null while there are none. */
    latestDocumentDate: z.string().nullable(),
    running: z.array(runningItem),
    retained: z.array(retainedRecord),
    /** Erased or anonymised when the account is closed. */
    erased: z.array(
      z.enum([
        'users',
        'sessions',
        'tokens',
        'account_contact',
        'module_data',
        'sent_emails',
        'login_attempts',
      ]),
    ),
    abilities,
    /** Why closing is not possible now, when the matrix allows it. */
    closeRefusal: z.enum(['running_bookings', 'account_closed']).nullable(),
  })
  .meta({ id: 'AccountOwnerSection' });
export type AccountOwnerSectionDto = z.infer<typeof accountOwnerSection>;

export const closeAccountBody = z
  .object({ confirmName: z.string().max(300) })
  .strict()
  .meta({ id: 'CloseAccountBody' });

const row = z.record(z.string(), z.unknown());

/** The account's data export (GDPR Art. 15/20): everything stored about it, without secrets. */
export const accountExport = z
  .object({
    exportedAt: isoInstant,
    account: row,
    users: z.array(
      z.object({
        id: uuid,
        name: z.string(),
        email: z.string(),
        role: z.string(),
        isAccountOwner: z.boolean(),
        locale: z.string().nullable(),
        emailVerifiedAt: isoInstant.nullable(),
        removedAt: isoInstant.nullable(),
        createdAt: isoInstant,
      }),
    ),
    invitations: z.array(row),
    bookings: z.array(row),
    tariffPeriods: z.array(row),
    options: z.array(row),
    legalAcceptances: z.array(row),
    auditEntries: z.array(row),
  })
  .meta({ id: 'AccountExport' });
export type AccountExport = z.infer<typeof accountExport>;
