import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountModules, bookingDto, moduleDataBody } from '../../../shared/schemas';
import { problems } from '../../problem';
import type { BookingsService } from './bookings.service';

const idParams = z.object({ id: z.uuid() }).strict();

export function bookingsRoutes(app: FastifyInstance, deps: { bookings: BookingsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/client/bookings',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['client'],
        summary: "The client's modules: every booking with its state, and the modules still orderable",
        response: { 200: accountModules },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (actor?.realm !== 'client') throw problems.unauthorized();
      return deps.bookings.accountModules(request.ctx(), actor, actor.accountId);
    },
  );

  r.get(
    '/api/v1/staff/accounts/:id/bookings',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['accounts'],
        summary: "An account's modules: every booking with its state, and the modules still orderable",
        params: idParams,
        response: { 200: accountModules },
      },
    },
    async (request) => deps.bookings.accountModules(request.ctx(), request.actor!, request.params.id),
  );

  r.get(
    '/api/v1/client/bookings/:id',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['client'],
        summary: "One booking of the client's own account with its module data",
        description: "Another account's or tenant's booking answers 404.",
        params: idParams,
        response: { 200: bookingDto },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (actor?.realm !== 'client') throw problems.unauthorized();
      return deps.bookings.getBooking(request.ctx(), actor, request.params.id);
    },
  );

  r.get(
    '/api/v1/staff/bookings/:id',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['accounts'],
        summary: 'One booking with its module data',
        description: "Another tenant's booking answers 404.",
        params: idParams,
        response: { 200: bookingDto },
      },
    },
    async (request) => deps.bookings.getBooking(request.ctx(), request.actor!, request.params.id),
  );

  const moduleDataSchema = {
    summary: "Change a booking's module data (only the given fields; stale version → 409 with the current)",
    params: idParams,
    body: moduleDataBody,
    response: { 200: bookingDto },
  };

  r.patch(
    '/api/v1/client/bookings/:id/module-data',
    {
      config: { permission: 'booking.editModuleData' },
      schema: {
        tags: ['client'],
        ...moduleDataSchema,
        description: 'A client may change only the fields the module marks client-editable (else 403).',
      },
    },
    async (request) =>
      deps.bookings.updateModuleData(request.ctx(), request.actor!, request.params.id, request.body),
  );

  r.patch(
    '/api/v1/staff/bookings/:id/module-data',
    {
      config: { permission: 'booking.editModuleData' },
      schema: { tags: ['accounts'], ...moduleDataSchema },
    },
    async (request) =>
      deps.bookings.updateModuleData(request.ctx(), request.actor!, request.params.id, request.body),
  );
}
