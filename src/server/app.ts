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
import { billingRoutes } from './features/billing/billing.routes';
import { createBillingService } from './features/billing/billing.service';
import { createUsageService } from './features/billing/usage.service';
import { billingRunRoutes } from './features/billing-run/billing-run.routes';
import { createBillingRunService } from './features/billing-run/billing-run.service';
import { bookingLifecycleRoutes } from './features/booking-lifecycle/booking-lifecycle.routes';
import { createBookingLifecycleService } from './features/booking-lifecycle/booking-lifecycle.service';
import { bookingsRoutes } from './features/bookings/bookings.routes';
import { createBookingsService } from './features/bookings/bookings.service';
import { cancellationButtonRoutes } from './features/cancellation-button/cancellation-button.routes';
import { createCancellationButtonService } from './features/cancellation-button/cancellation-button.service';
import { catalogRoutes } from './features/catalog/catalog.routes';
import { createCatalogService } from './features/catalog/catalog.service';
import { contractRoutes } from './features/contract/contract.routes';
import { createContractService } from './features/contract/contract.service';
import { createViesClient } from './features/contract/vies.client';
import { documentFilesRoutes } from './features/document-files/document-files.routes';
import {
  createDocumentFilesService,
  type DocumentFilesService,
} from './features/document-files/document-files.service';
import { healthRoutes } from './features/health/health.routes';
import { invoiceSettingsRoutes } from './features/invoice-settings/invoice-settings.routes';
import { createInvoiceSettingsService } from './features/invoice-settings/invoice-settings.service';
import { legalRoutes } from './features/legal/legal.routes';
import { createLegalService } from './features/legal/legal.service';
import { createEmailLinks } from './features/mail/email-links';
import { createMailDispatcher, type MailDispatcher } from './features/mail/mail.dispatcher';
import { mailRoutes } from './features/mail/mail.routes';
import { orderingRoutes } from './features/ordering/ordering.routes';
import { createOrderingService } from './features/ordering/ordering.service';
import { createRateLimiter } from './features/rate-limit/rate-limit';
import { registrationRoutes } from './features/registration/registration.routes';
import { createRegistrationService } from './features/registration/registration.service';
import { jobDefinitions } from './jobs/definitions';
import { createJobs, type Jobs } from './jobs/jobs';
import { type RouteAction, registerAuth } from './plugins/auth';
import { frameworkProblem, registerErrorHandling, sendProblem } from './plugins/errors';
import { registerInputHygiene } from './plugins/input';
import { type Metrics, registerObservability } from './plugins/observability';
import { generateRequestId, registerRequestIds, trustFunction } from './plugins/proxy';
import { registerRequestTransaction } from './plugins/request-transaction';
import { registerSecurityHeaders } from './plugins/security-headers';
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
    Partial<Pick<Config, 'metricsToken' | 'viesUrl'>>;
  db: Database;
  clock: Clock;
  logger: Logger | boolean;
};

/**
 * The app with its background parts: the mail dispatcher and the job system (pg-boss). main.ts
 * starts both after listening; closing the app stops them (running jobs finish first).
 */
export type App = FastifyInstance & {
  mail: MailDispatcher;
  jobs: Jobs;
  documentFiles: DocumentFilesService;
  routeTable: RouteAction[];
  metrics: Metrics;
};

const BODY_LIMIT = 64 * 1024;
const MAX_PARAM_LENGTH = 200;

/** Builds the portal: cross-cutting plugins first, then each feature on its own line. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const trust = trustFunction(deps.config.trustProxy);
  const app = Fastify({
    loggerInstance: typeof deps.logger === 'object' ? deps.logger : undefined,
    logger: typeof deps.logger === 'boolean' ? deps.logger : undefined,
    bodyLimit: BODY_LIMIT,
    trustProxy: trust,
    genReqId: generateRequestId,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // Bad URL encoding, over-long path parameters: problem+json like every other error.
    frameworkErrors: frameworkProblem,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const log = app.log as unknown as Logger;
  const mail = createMailDispatcher({
    db: deps.db,
    clock: deps.clock,
    log,
    smtpUrl: deps.config.smtpUrl,
    from: deps.config.mailFrom,
  });
  const jobs = createJobs({ db: deps.db, log, definitions: jobDefinitions });
  const auth = createAuthService(deps.db, {
    idleMs: deps.config.sessionIdleMinutes * 60_000,
    absoluteMs: deps.config.sessionAbsoluteHours * 3_600_000,
  });
  const accounts = createAccountsService(deps.db);
  const documentFiles = createDocumentFilesService({ db: deps.db, jobs, clock: deps.clock });
  await documentFiles.registerWorker();
  const billingRun = createBillingRunService({
    db: deps.db,
    jobs,
    clock: deps.clock,
    onIssued: documentFiles.onIssued,
  });
  await billingRun.registerWorker();
  const rateLimiter = createRateLimiter(deps.db);
  const ordering = createOrderingService(deps.db);
  const resolveTenant = createTenantResolver(deps.db, deps.config.defaultTenant);
  const clockMs = () => deps.clock.now().getTime();
  const emailLinks = createEmailLinks(deps.db, deps.config.publicUrl, resolveTenant, clockMs);
  const routeTable: RouteAction[] = [];

  // Cross-cutting
  registerRequestIds(app, trust);
  registerErrorHandling(app);
  await registerSecurityHeaders(app);
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
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI's own policy: its scripts and styles by hash, nothing inline otherwise.
    staticCSP: true,
    transformStaticCSP: (header) => `${header}; frame-ancestors 'none'`,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerTenantResolution(app, resolveTenant, clockMs);
  registerRequestTransaction(app, deps.db);
  registerAuth(app, { auth, clock: deps.clock, db: deps.db }, routeTable);
  // After the auth hook: a request that may not run is refused before its input is looked at.
  registerInputHygiene(app);
  const metrics = registerObservability(app, { db: deps.db, metricsToken: deps.config.metricsToken });

  // Features
  healthRoutes(app, { db: deps.db });
  authRoutes(app, {
    db: deps.db,
    auth,
    clock: deps.clock,
    mail,
    rateLimiter,
    emailLinks,
  });
  accountsRoutes(app, { db: deps.db, accounts });
  contractRoutes(app, {
    contract: createContractService(deps.db, { vies: createViesClient(deps.config.viesUrl) }),
    clock: deps.clock,
  });
  mailRoutes(app, { db: deps.db, smtpConfigured: Boolean(deps.config.smtpUrl) });
  catalogRoutes(app, { catalog: createCatalogService(deps.db) });
  invoiceSettingsRoutes(app, { invoiceSettings: createInvoiceSettingsService(deps.db) });
  legalRoutes(app, { legal: createLegalService(deps.db) });
  registrationRoutes(app, {
    registration: createRegistrationService(deps.db),
    mail,
    rateLimiter,
    emailLinks,
  });
  orderingRoutes(app, { ordering, mail, emailLinks });
  bookingsRoutes(app, { bookings: createBookingsService(deps.db, ordering) });
  billingRoutes(app, {
    billing: createBillingService(deps.db, { onIssued: documentFiles.onIssued }),
    usage: createUsageService(deps.db),
  });
  documentFilesRoutes(app, { documentFiles });
  billingRunRoutes(app, { billingRun });
  const lifecycle = createBookingLifecycleService(deps.db);
  bookingLifecycleRoutes(app, { lifecycle, mail, emailLinks });
  cancellationButtonRoutes(app, {
    cancellations: createCancellationButtonService(deps.db, {
      lifecycle,
      onMatchError: (error) => log.warn({ err: error }, 'cancellation declaration not matched automatically'),
    }),
    mail,
    rateLimiter,
    emailLinks,
  });
  accountUsersRoutes(app, {
    accountUsers: createAccountUsersService(deps.db),
    auth,
    mail,
    rateLimiter,
    emailLinks,
    presentSession: (request) => presentSession(request, { db: deps.db, clock: deps.clock }),
  });
  accountClosingRoutes(app, {
    closing: createAccountClosingService(deps.db),
    mail,
    emailLinks,
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
    await jobs.stop();
  });
  await app.ready();
  return Object.assign(app, { mail, jobs, documentFiles, routeTable, metrics });
}
