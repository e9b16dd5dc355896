import { changedModuleDataKeys, validateModuleData } from '../../../shared/module-data';
import type { Actor } from '../../../shared/permissions';
import type { AccountModules, BookingDto } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database, Tx } from '../../db/client';
import { HttpProblem, problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { catalogRepository } from '../catalog/catalog.repository';
import type { OrderingService } from '../ordering/ordering.service';
import { presentBooking } from './bookings.presenter';
import { type BookingRow, bookingsRepository as repo } from './bookings.repository';

export function createBookingsService(db: Database, ordering: Pick<OrderingService, 'orderableModules'>) {
  async function present(
    tx: Tx,
    ctx: RequestContext,
    actor: Actor,
    rows: BookingRow[],
  ): Promise<BookingDto[]> {
    const views = await repo.views(tx, ctx.tenantId, rows);
    return views.map((v) => presentBooking(actor, v, ctx.today));
  }

  /** The modules section of an account: its bookings and the modules it can order. */
  async function accountModules(
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
  ): Promise<AccountModules> {
    return db.tenant(ctx.tenantId, async (tx) => {
      if (actor.realm === 'client' && actor.accountId !== accountId) throw problems.notFound('Account');
      // The account, its bookings, their modules and periods in one statement (ADR 0017).
      const views = await repo.viewsOfAccount(tx, ctx.tenantId, accountId);
      if (!views) throw problems.notFound('Account');
      return {
        bookings: views.map((v) => presentBooking(actor, v, ctx.today)),
        orderable: await ordering.orderableModules(tx, ctx.tenantId, { accountId, today: ctx.today }),
      };
    });
  }

  /** One booking; a client sees only those of their own account (any other is "not found"). */
  async function getBooking(ctx: RequestContext, actor: Actor, bookingId: string): Promise<BookingDto> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const booking = await repo.find(tx, ctx.tenantId, bookingId);
      if (!booking || (actor.realm === 'client' && booking.accountId !== actor.accountId))
        throw problems.notFound('Booking');
      const [dto] = await present(tx, ctx, actor, [booking]);
      if (!dto) throw new Error('booking view missing');
      return dto;
    });
  }

  /**
   * Changes some of a booking's module data, guarded by the version read. Values are checked
   * against the module's field definitions; a client may change only client-editable fields.
   */
  async function updateModuleData(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    input: { values: Record<string, string | number | boolean | null>; version: number },
  ): Promise<BookingDto> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const booking = await repo.find(tx, ctx.tenantId, bookingId, { forUpdate: true });
      if (!booking || (actor.realm === 'client' && booking.accountId !== actor.accountId))
        throw problems.notFound('Booking');
      const module = await catalogRepository.findModule(tx, ctx.tenantId, booking.moduleId);
      if (!module) throw problems.notFound('Booking');
      if (booking.version !== input.version) {
        const [current] = await present(tx, ctx, actor, [booking]);
        throw problems.staleVersion(current);
      }
      const checked = validateModuleData(module.fields, input.values, { partial: true });
      if (!checked.ok)
        throw problems.badRequest('validation_failed', 'Some values are invalid', checked.errors);
      const changed = changedModuleDataKeys(booking.moduleData, checked.data);
      if (actor.realm === 'client') {
        const staffOnly = changed.filter((k) => !module.fields.find((f) => f.key === k)?.clientEditable);
        if (staffOnly.length)
          throw new HttpProblem(
            403,
            'field_not_client_editable',
            'You are not allowed to change these fields',
            {
              errors: staffOnly.map((field) => ({
                field,
                message: 'Only the operator can change this field',
                code: 'not_client_editable',
              })),
            },
          );
      }
      if (changed.length === 0) {
        const [current] = await present(tx, ctx, actor, [booking]);
        if (!current) throw new Error('booking view missing');
        return current;
      }
      const next = { ...booking.moduleData };
      for (const key of changed) next[key] = checked.data[key] ?? null;
      const updated = await repo.updateModuleData(tx, ctx.tenantId, booking.id, next, input.version);
      if (!updated) throw problems.staleVersion(null);
      await recordAudit(tx, ctx, {
        action: 'booking.module_data_changed',
        entityType: 'booking',
        entityId: booking.id,
        accountId: booking.accountId,
        before: Object.fromEntries(changed.map((k) => [k, booking.moduleData[k] ?? null])),
        after: Object.fromEntries(changed.map((k) => [k, next[k] ?? null])),
      });
      const [dto] = await present(tx, ctx, actor, [updated]);
      if (!dto) throw new Error('booking view missing');
      return dto;
    });
  }

  return { accountModules, getBooking, updateModuleData };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
