import { z } from 'zod';
import { email, isoInstant, locale, uuid } from './common';

/**
 * The §312k BGB cancellation button: one public form (no login) and its receipt; staff see the
 * declarations that could not be matched to a booking and match them by hand.
 */

const isoDate = z.iso.date();

/** Exactly the fields the law asks for (plus the page language); anything else is refused. */
export const cancellationDeclarationBody = z
  .object({
    kind: z.enum(['ordinary', 'extraordinary']),
    /** Required for an extraordinary cancellation, not accepted for an ordinary one. */
    reason: z.string().trim().max(2000).nullable().optional(),
    name: z.string().trim().min(1).max(200),
    email,
    /** Customer number or module, free text. */
    contract: z.string().trim().min(1).max(500),
    /** Empty: the earliest possible end. Never before today. */
    desiredEndDate: isoDate.nullable().optional(),
    confirmationEmail: email,
    locale: locale.optional(),
  })
  .strict();
export type CancellationDeclarationBody = z.infer<typeof cancellationDeclarationBody>;

export const cancellationDeclarationContent = z
  .object({
    kind: z.enum(['ordinary', 'extraordinary']),
    reason: z.string().nullable(),
    name: z.string(),
    email: z.string(),
    contract: z.string(),
    desiredEndDate: z.string().nullable(),
    confirmationEmail: z.string(),
  })
  .meta({ id: 'CancellationDeclarationContent' });

/** The receipt: the same shape whether or not the contract was identified. */
export const cancellationReceipt = z
  .object({
    id: uuid,
    receivedAt: isoInstant,
    /** The secret that lets this browser download the receipt as PDF (shown once, never stored in clear). */
    receiptToken: z.string(),
    declaration: cancellationDeclarationContent,
  })
  .meta({ id: 'CancellationReceipt' });
export type CancellationReceipt = z.infer<typeof cancellationReceipt>;

export const cancellationReceiptQuery = z.object({ token: z.string().min(10).max(200) }).strict();

export const incomingCancellationsQuery = z
  .object({ status: z.enum(['incoming', 'matched', 'all']).default('incoming') })
  .strict();

export const incomingCancellation = z
  .object({
    id: uuid,
    receivedAt: isoInstant,
    receivedOn: z.string(),
    locale,
    declaration: cancellationDeclarationContent,
    match: z
      .object({
        accountId: uuid,
        accountName: z.string(),
        bookingId: uuid,
        endDate: z.string(),
        matchedBy: z.enum(['system', 'staff']),
        matchedAt: isoInstant,
      })
      .nullable(),
    confirmations: z.array(
      z.object({
        kind: z.enum(['receipt', 'end_date']),
        to: z.string(),
        endDate: z.string().nullable(),
        sentAt: isoInstant,
      }),
    ),
  })
  .meta({ id: 'IncomingCancellation' });
export type IncomingCancellation = z.infer<typeof incomingCancellation>;

export const incomingCancellationList = z
  .object({ items: z.array(incomingCancellation) })
  .meta({ id: 'IncomingCancellationList' });
export type IncomingCancellationList = z.infer<typeof incomingCancellationList>;

export const matchCancellationBody = z.object({ bookingId: uuid }).strict();
