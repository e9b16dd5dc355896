import { z } from 'zod';
import { bookingDto, localizedText } from './catalog';
import { uuid } from './common';

/** The answer to a registration, the same whether or not the e-mail was new (reveals nothing). */
export const registrationResult = z
  .object({ status: z.literal('verification_sent') })
  .meta({ id: 'RegistrationResult' });

export const verifyEmailBody = z.object({ token: z.string().trim().min(1).max(200) }).strict();

/** A module the client can order: active, with at least one public, published tariff with items. */
export const orderableModule = z
  .object({
    id: uuid,
    name: localizedText,
    description: localizedText,
    publicTariffCount: z.number().int(),
    /** In an account's modules section: the account's current booking of the module (null: orderable). */
    currentBookingId: uuid.nullable().optional(),
  })
  .meta({ id: 'OrderableModule' });
export type OrderableModule = z.infer<typeof orderableModule>;

export const orderableModuleList = z
  .object({ items: z.array(orderableModule) })
  .meta({ id: 'OrderableModuleList' });

/** The "modules" section of the account overview (DOMAIN.md §3 (13)). */
export const accountModules = z
  .object({
    bookings: z.array(bookingDto),
    /** Modules the account can (still) order. */
    orderable: z.array(orderableModule),
  })
  .meta({ id: 'AccountModules' });
export type AccountModules = z.infer<typeof accountModules>;

export const orderPageQuery = z.object({ offerNumber: z.string().trim().max(40).optional() }).strict();
