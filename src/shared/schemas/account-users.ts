import { z } from 'zod';
import { clientRoles } from '../permissions';
import { newPassword } from './auth';
import { abilities, email, isoInstant, locale, uuid } from './common';

/**
 * Why a state rule refuses an action on one user (the matrix may allow it):
 * - account_owner: the account owner cannot be demoted or removed (hand ownership over first);
 * - last_admin: the account needs at least one admin;
 * - not_admin: only an admin can become the account owner;
 * - already_owner: this user is the account owner already;
 * - account_closed: the account is closed and read-only.
 */
export const userRefusal = z.enum([
  'account_owner',
  'last_admin',
  'not_admin',
  'already_owner',
  'account_closed',
]);
export type UserRefusal = z.infer<typeof userRefusal>;

export const accountUserDto = z
  .object({
    id: uuid,
    name: z.string(),
    email: z.string(),
    role: z.enum(clientRoles),
    isAccountOwner: z.boolean(),
    isYou: z.boolean().describe('Whether this is the logged-in user'),
    createdAt: isoInstant,
    version: z.number().int(),
    abilities,
    /** For actions the matrix allows but the account's state refuses: the reason. */
    refusals: z.record(z.string(), userRefusal),
  })
  .meta({ id: 'AccountUser' });
export type AccountUserDto = z.infer<typeof accountUserDto>;

export const invitationDto = z
  .object({
    id: uuid,
    email: z.string(),
    role: z.enum(clientRoles),
    locale: locale.nullable(),
    createdAt: isoInstant,
    sentAt: isoInstant,
    expiresAt: isoInstant,
    isExpired: z.boolean(),
    abilities,
  })
  .meta({ id: 'Invitation' });
export type InvitationDto = z.infer<typeof invitationDto>;

export const accountUsersView = z
  .object({
    accountId: uuid,
    isClosed: z.boolean(),
    users: z.array(accountUserDto),
    invitations: z.array(invitationDto).describe('Open invitations (not accepted, not withdrawn)'),
    abilities,
    refusals: z.record(z.string(), userRefusal),
  })
  .meta({ id: 'AccountUsers' });
export type AccountUsersView = z.infer<typeof accountUsersView>;

export const invitationBody = z
  .object({ email, role: z.enum(clientRoles), locale: locale.optional() })
  .strict()
  .meta({ id: 'InvitationBody' });

export const roleBody = z.object({ role: z.enum(clientRoles), version: z.number().int().min(1) }).strict();

export const ownerBody = z.object({ userId: uuid }).strict();

export const invitationToken = z.string().min(20).max(200);

export const invitationLookupBody = z.object({ token: invitationToken }).strict();

export const invitationPreview = z
  .object({
    accountName: z.string(),
    email: z.string(),
    role: z.enum(clientRoles),
    locale: locale.nullable(),
    expiresAt: isoInstant,
  })
  .meta({ id: 'InvitationPreview' });
export type InvitationPreview = z.infer<typeof invitationPreview>;

export const invitationAcceptBody = z
  .object({ token: invitationToken, name: z.string().trim().min(1).max(200), password: newPassword })
  .strict()
  .meta({ id: 'InvitationAcceptBody' });
