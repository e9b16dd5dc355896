import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  accounts,
  bookings,
  cancellationConfirmations,
  cancellationDeclarationMatches,
  cancellationDeclarations,
  clientUsers,
  modules,
} from '../../db/schema';

export type DeclarationRow = typeof cancellationDeclarations.$inferSelect;
export type MatchRow = typeof cancellationDeclarationMatches.$inferSelect;
export type ConfirmationRow = typeof cancellationConfirmations.$inferSelect;

/** Declarations of the cancellation button, their matches and confirmations (append-only, under RLS). */
export const cancellationButtonRepository = {
  async insertDeclaration(tx: Queryable, row: typeof cancellationDeclarations.$inferInsert) {
    const [out] = await tx.insert(cancellationDeclarations).values(row).returning();
    if (!out) throw new Error('declaration not stored');
    return out;
  },

  async findDeclaration(tx: Queryable, tenantId: string, id: string) {
    const [row] = await tx
      .select()
      .from(cancellationDeclarations)
      .where(and(eq(cancellationDeclarations.tenantId, tenantId), eq(cancellationDeclarations.id, id)));
    return row;
  },

  async insertMatch(tx: Queryable, row: typeof cancellationDeclarationMatches.$inferInsert) {
    const [out] = await tx.insert(cancellationDeclarationMatches).values(row).returning();
    if (!out) throw new Error('match not stored');
    return out;
  },

  async findMatch(tx: Queryable, tenantId: string, declarationId: string) {
    const [row] = await tx
      .select()
      .from(cancellationDeclarationMatches)
      .where(
        and(
          eq(cancellationDeclarationMatches.tenantId, tenantId),
          eq(cancellationDeclarationMatches.declarationId, declarationId),
        ),
      );
    return row;
  },

  async insertConfirmation(tx: Queryable, row: typeof cancellationConfirmations.$inferInsert) {
    await tx.insert(cancellationConfirmations).values(row);
  },

  /** Declarations, newest first, with their match (account name) when there is one. */
  async list(
    tx: Queryable,
    tenantId: string,
    status: 'incoming' | 'matched' | 'all',
    opts: { id?: string; limit?: number } = {},
  ) {
    const m = cancellationDeclarationMatches;
    const where = and(
      eq(cancellationDeclarations.tenantId, tenantId),
      opts.id ? eq(cancellationDeclarations.id, opts.id) : undefined,
      status === 'incoming' ? isNull(m.id) : status === 'matched' ? isNotNull(m.id) : undefined,
    );
    return tx
      .select({ declaration: cancellationDeclarations, match: m, accountName: accounts.name })
      .from(cancellationDeclarations)
      .leftJoin(
        m,
        and(
          eq(m.tenantId, cancellationDeclarations.tenantId),
          eq(m.declarationId, cancellationDeclarations.id),
        ),
      )
      .leftJoin(accounts, and(eq(accounts.tenantId, m.tenantId), eq(accounts.id, m.accountId)))
      .where(where)
      .orderBy(desc(cancellationDeclarations.receivedAt))
      .limit(opts.limit ?? 200);
  },

  async confirmationsOf(tx: Queryable, tenantId: string, declarationIds: string[]) {
    if (declarationIds.length === 0) return [];
    return tx
      .select()
      .from(cancellationConfirmations)
      .where(
        and(
          eq(cancellationConfirmations.tenantId, tenantId),
          inArray(cancellationConfirmations.declarationId, declarationIds),
        ),
      )
      .orderBy(cancellationConfirmations.sentAt);
  },

  /** Open accounts whose customer number is one of the words (case-insensitive). */
  async accountsByCustomerNumbers(tx: Queryable, tenantId: string, words: string[]) {
    if (words.length === 0) return [];
    return tx
      .select()
      .from(accounts)
      .where(
        and(
          eq(accounts.tenantId, tenantId),
          isNull(accounts.closedAt),
          inArray(sql`lower(${accounts.customerNumber})`, words),
        ),
      );
  },

  async usersOf(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select({ name: clientUsers.name, email: clientUsers.email })
      .from(clientUsers)
      .where(and(eq(clientUsers.tenantId, tenantId), eq(clientUsers.accountId, accountId)));
  },

  /** The account's bookings that have not ended by `today`, with their module names. */
  async currentBookings(tx: Queryable, tenantId: string, accountId: string, today: string) {
    return tx
      .select({ id: bookings.id, moduleName: modules.name, endDate: bookings.endDate })
      .from(bookings)
      .innerJoin(modules, and(eq(modules.tenantId, bookings.tenantId), eq(modules.id, bookings.moduleId)))
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          eq(bookings.accountId, accountId),
          or(isNull(bookings.endDate), sql`${bookings.endDate} >= ${today}`),
        ),
      );
  },
};
