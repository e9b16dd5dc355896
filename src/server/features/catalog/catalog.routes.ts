import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  moduleBody,
  moduleDto,
  moduleList,
  moduleUpdateBody,
  tariffBody,
  tariffDto,
  tariffItemBody,
  tariffItemDto,
  tariffItemUpdateBody,
  tariffList,
  tariffPublishBody,
  tariffUpdateBody,
  terminationPreview,
  terminationPreviewBody,
} from '../../../shared/schemas';
import type { CatalogService } from './catalog.service';

const idParams = z.object({ id: z.uuid() }).strict();
const noContent = z.null().describe('No content');

/** The operator's catalog: modules, their tariffs and the tariffs' items (DOMAIN.md §5, §7). */
export function catalogRoutes(app: FastifyInstance, deps: { catalog: CatalogService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { catalog } = deps;
  const manage = { permission: 'catalog.manage' } as const;

  // ---- modules ------------------------------------------------------------------------------

  r.get(
    '/api/v1/staff/modules',
    {
      config: manage,
      schema: { tags: ['catalog'], summary: 'Modules of the operator', response: { 200: moduleList } },
    },
    async (request) => ({ items: await catalog.listModules(request.ctx()) }),
  );

  r.post(
    '/api/v1/staff/modules',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Create a module (name, description, its own booking fields)',
        body: moduleBody,
        response: { 201: moduleDto },
      },
    },
    async (request, reply) => reply.code(201).send(await catalog.createModule(request.ctx(), request.body)),
  );

  r.get(
    '/api/v1/staff/modules/:id',
    {
      config: manage,
      schema: { tags: ['catalog'], summary: 'One module', params: idParams, response: { 200: moduleDto } },
    },
    async (request) => catalog.getModule(request.ctx(), request.params.id),
  );

  r.patch(
    '/api/v1/staff/modules/:id',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Change a module (guarded by its version; booking data is kept when fields change)',
        params: idParams,
        body: moduleUpdateBody,
        response: { 200: moduleDto },
      },
    },
    async (request) => catalog.updateModule(request.ctx(), request.params.id, request.body),
  );

  // ---- tariffs ------------------------------------------------------------------------------

  r.get(
    '/api/v1/staff/modules/:id/tariffs',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: "The module's tariffs in display order, with items and offer numbers",
        params: idParams,
        response: { 200: tariffList },
      },
    },
    async (request) => ({ items: await catalog.listTariffs(request.ctx(), request.params.id) }),
  );

  r.post(
    '/api/v1/staff/modules/:id/tariffs',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Create a tariff (a non-public one gets an offer number)',
        params: idParams,
        body: tariffBody,
        response: { 201: tariffDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await catalog.createTariff(request.ctx(), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/staff/tariffs/:id',
    {
      config: manage,
      schema: { tags: ['catalog'], summary: 'One tariff', params: idParams, response: { 200: tariffDto } },
    },
    async (request) => catalog.getTariff(request.ctx(), request.params.id),
  );

  r.patch(
    '/api/v1/staff/tariffs/:id',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Change a tariff (guarded by its version)',
        params: idParams,
        body: tariffUpdateBody,
        response: { 200: tariffDto },
      },
    },
    async (request) => catalog.updateTariff(request.ctx(), request.params.id, request.body),
  );

  r.delete(
    '/api/v1/staff/tariffs/:id',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Delete a tariff that no booking ever used (409 tariff_in_use otherwise)',
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await catalog.deleteTariff(request.ctx(), request.params.id);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/staff/tariffs/:id/publish',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Publish a tariff: orderable from now on (refused without items)',
        description:
          'A new tariff starts unpublished. Publishing needs at least one item (400 validation_failed, ' +
          'field items); publishing a published tariff changes nothing.',
        params: idParams,
        body: tariffPublishBody,
        response: { 200: tariffDto },
      },
    },
    async (request) => catalog.publishTariff(request.ctx(), request.params.id, request.body.version),
  );

  r.post(
    '/api/v1/staff/tariffs/:id/unpublish',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Unpublish a tariff: no new orders; its bookings go on unchanged',
        params: idParams,
        body: tariffPublishBody,
        response: { 200: tariffDto },
      },
    },
    async (request) => catalog.unpublishTariff(request.ctx(), request.params.id, request.body.version),
  );

  r.post(
    '/api/v1/staff/tariffs/:id/copy',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Copy a tariff with its items (the copy is non-public, with a new offer number)',
        params: idParams,
        response: { 201: tariffDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await catalog.copyTariff(request.ctx(), request.params.id)),
  );

  // ---- items --------------------------------------------------------------------------------

  r.post(
    '/api/v1/staff/tariffs/:id/items',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Add an item to a tariff',
        params: idParams,
        body: tariffItemBody,
        response: { 201: tariffItemDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await catalog.addItem(request.ctx(), request.params.id, request.body)),
  );

  r.patch(
    '/api/v1/staff/tariff-items/:id',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Change an item (guarded by its version); prices apply to charges not yet issued',
        params: idParams,
        body: tariffItemUpdateBody,
        response: { 200: tariffItemDto },
      },
    },
    async (request) => catalog.updateItem(request.ctx(), request.params.id, request.body),
  );

  r.delete(
    '/api/v1/staff/tariff-items/:id',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'Delete an item (not of a tariff in use)',
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await catalog.deleteItem(request.ctx(), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- termination rules --------------------------------------------------------------------

  r.post(
    '/api/v1/staff/termination-rules/preview',
    {
      config: manage,
      schema: {
        tags: ['catalog'],
        summary: 'A termination rule in words, with its problems and the end if ordered and cancelled today',
        body: terminationPreviewBody,
        response: { 200: terminationPreview },
      },
    },
    async (request) => catalog.previewTerminationRule(request.ctx(), request.body),
  );
}
