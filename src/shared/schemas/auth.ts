import { z } from 'zod';
import { clientRoles, staffLevels } from '../permissions';
import { email, locale, uuid } from './common';

export const realm = z.enum(['staff', 'client']);
export type Realm = z.infer<typeof realm>;

export const loginBody = z
  .object({ email, password: z.string().min(1).max(1024) })
  .strict()
  .meta({ id: 'LoginBody' });

export const tenantInfo = z.object({
  id: uuid,
  name: z.string(),
  defaultLocale: locale,
  timeZone: z.string(),
  currency: z.string(),
});

export const staffUserInfo = z.object({
  id: uuid,
  name: z.string(),
  email: z.string(),
  level: z.enum(staffLevels),
  locale: locale.nullable(),
});

export const clientUserInfo = z.object({
  id: uuid,
  name: z.string(),
  email: z.string(),
  role: z.enum(clientRoles),
  isAccountOwner: z.boolean(),
  accountId: uuid,
  locale: locale.nullable(),
  emailVerified: z.boolean().describe('Whether the user has confirmed their e-mail address'),
});

export const sessionInfo = z
  .object({
    tenant: tenantInfo,
    today: z.string().describe('Today in the tenant time zone (YYYY-MM-DD)'),
    realm: realm.nullable(),
    staff: staffUserInfo.nullable(),
    client: clientUserInfo.nullable(),
    abilities: z.record(z.string(), z.boolean()),
  })
  .meta({ id: 'Session' });
export type SessionInfo = z.infer<typeof sessionInfo>;

export const passwordResetRequestBody = z.object({ realm, email }).strict();

export const newPassword = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(256, 'Use at most 256 characters');

export const passwordResetConfirmBody = z
  // Any token text is accepted here: a malformed or cut-off link is answered as an invalid link
  // (reset_token_invalid), not as a form field the page does not show.
  .object({ token: z.string().max(2000), password: newPassword })
  .strict();

export const preferencesBody = z.object({ locale }).strict();
