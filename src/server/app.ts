import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import type { Database } from './db/client';
import type { Config } from './env';
import { accountClosingRoutes } from './features/account-closing/account-closing.routes';
import { createAccountClosingService } from './features/account-closing/account-closing.service';
import { accountUsersRoutes } from './features/account-users/account-users.routes';
import { createAccountUsersService } from './features/account-users/account-users.service';
import { accountsRoutes } from './features/accounts/accounts.routes';
import { createAccountsService } from './features/accounts/accounts.service';
import { authRoutes, presentSession } from './features/auth/auth.routes';
import { createAuthService } from './features/auth/auth.service';
import { bookingsRoutes } from './features/bookings/bookings.routes';
import { createBookingsService } from './features/bookings/bookings.service';
import { catalogRoutes } from './features/catalog/catalog.routes';
import { createCatalogService } from './features/catalog/catalog.service';
import { healthRoutes } from './features/health/health.routes';
import { invoiceSettingsRoutes } from './features/invoice-settings/invoice-settings.routes';
import { createInvoiceSettingsService } from './features/invoice-settings/invoice-settings.service';
import { legalRoutes } from './features/legal/legal.routes';
import { createLegalService } from './features/legal/legal.service';
import { createMailDispatcher, type MailDispatcher } from './features/mail/mail.dispatcher';
import { mailRoutes } from './features/mail/mail.routes';
import { orderingRoutes } from './features/ordering/ordering.routes';
import { createOrderingService } from './features/ordering/ordering.service';
import { createRateLimiter } from './features/rate-limit/rate-limit';
import { registrationRoutes } from './features/registration/registration.routes';
import { createRegistrationService } from './features/registration/registration.service';
import { type RouteAction, registerAuth } from './plugins/auth';
import { registerErrorHandling, sendProblem } from './plugins/errors';
import { type Metrics, registerObservability } from './plugins/observability';
import { createTenantResolver, registerTenantResolution } from './plugins/tenant';
import { HttpProblem } from './problem';
import { registerWebApp, sendAppPage } from './web-app';

export const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export type AppDeps = {
  config: Pick<
    Config,
    | 'defaultTenant'
    | 'publicUrl'
    | 'smtpUrl'
    | 'mailFrom'
    | 'trustProxy'
    | 'sessionIdleMinutes'
    | 'sessionAbsoluteHours'
  > &
    Partial<Pick<Config, 'metricsToken'>>;
  db: Database;
  clock: Clock;
  logger: Logger | boolean;
};

export type App = FastifyInstance & { mail: MailDispatcher; routeTable: RouteAction[]; metrics: Metrics };

const BODY_LIMIT = 64 * 1024;

/** Builds the portal: cross-cutting plugins first, then each feature on its own line. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: typeof deps.logger === 'object' ? deps.logger : undefined,
    logger: typeof deps.logger === 'boolean' ? deps.logger : undefined,
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const log = app.log as unknown as Logger;
  const mail = createMailDispatcher({
    db: deps.db,
    clock: deps.clock,
    log,
    smtpUrl: deps.config.smtpUrl,
    from: deps.config.mailFrom,
  });
  const auth = createAuthService(deps.db, {
    idleMs: deps.config.sessionIdleMinutes * 60_000,
    absoluteMs: deps.config.sessionAbsoluteHours * 3_600_000,
  });
  const accounts = createAccountsService(deps.db);
  const rateLimiter = createRateLimiter(deps.db);
  const ordering = createOrderingService(deps.db);
  const routeTable: RouteAction[] = [];

  // Cross-cutting
  registerErrorHandling(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kontor API',
        version: '1',
        description: 'Contract management and billing for a white-label customer portal.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kontor_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerTenantResolution(app, createTenantResolver(deps.db, deps.config.defaultTenant), () =>
    deps.clock.now().getTime(),
  );
  registerAuth(app, { auth, clock: deps.clock }, routeTable);
  const metrics = registerObservability(app, { db: deps.db, metricsToken: deps.config.metricsToken });

  // Features
  healthRoutes(app, { db: deps.db });
  authRoutes(app, {
    db: deps.db,
    auth,
    clock: deps.clock,
    mail,
    rateLimiter,
    publicUrl: deps.config.publicUrl,
  });
  accountsRoutes(app, { db: deps.db, accounts });
  mailRoutes(app, { db: deps.db });
  catalogRoutes(app, { catalog: createCatalogService(deps.db) });
  invoiceSettingsRoutes(app, { invoiceSettings: createInvoiceSettingsService(deps.db) });
  legalRoutes(app, { legal: createLegalService(deps.db) });
  registrationRoutes(app, {
    registration: createRegistrationService(deps.db),
    auth,
    mail,
    rateLimiter,
    publicUrl: deps.config.publicUrl,
  });
  orderingRoutes(app, { ordering, mail, publicUrl: deps.config.publicUrl });
  bookingsRoutes(app, { bookings: createBookingsService(deps.db, ordering) });
  accountUsersRoutes(app, {
    accountUsers: createAccountUsersService(deps.db),
    auth,
    mail,
    rateLimiter,
    publicUrl: deps.config.publicUrl,
    presentSession: (request) => presentSession(request, { db: deps.db, clock: deps.clock }),
  });
  accountClosingRoutes(app, {
    closing: createAccountClosingService(deps.db),
    mail,
    publicUrl: deps.config.publicUrl,
  });

  // The web app (src/server/web-app.ts): precompressed static files with cache rules, and
  // index.html for every other GET outside the API (the not-found handler below).
  const hasWeb = await registerWebApp(app, webRoot);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isPage = request.method === 'GET' && !path.startsWith('/api/') && !/\.\w+$/.test(path);
    if (hasWeb && isPage) return sendAppPage(reply);
    return sendProblem(
      request,
      reply,
      new HttpProblem(404, 'route_not_found', `No route ${request.method} ${path}`),
    );
  });

  app.addHook('onClose', async () => {
    await mail.stop();
  });
  await app.ready();
  return Object.assign(app, { mail, routeTable, metrics });
}
