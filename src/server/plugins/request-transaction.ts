import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database, RequestTransaction } from '../db/client';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's transaction (ADR 0016), opened by the auth hook when a session cookie came. */
    requestTransaction: RequestTransaction | undefined;
  }
}

/**
 * One transaction per request (ADR 0016). The auth hook opens it (BEGIN; tenant and role in one
 * statement) and reads the session and its user in it (one statement); the route handler runs with
 * it in scope, so the handler's first `db.tenant(…)` call runs in the same transaction and commits
 * it when its function returns — the interface features use is unchanged. A request whose handler
 * never asks (or that is refused before it) commits it before the answer is sent.
 */
export function registerRequestTransaction(app: FastifyInstance, db: Database) {
  app.decorateRequest('requestTransaction', undefined);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      const rt = request.requestTransaction;
      return rt
        ? db.inRequest(rt, () => handler.call(this, request, reply))
        : handler.call(this, request, reply);
    };
  });

  const finish = async (request: FastifyRequest) => {
    const rt = request.requestTransaction;
    if (rt?.state !== 'open') return;
    await rt
      .finish(true)
      .catch((error) => request.log.warn({ err: error }, 'request transaction commit failed'));
  };
  app.addHook('onSend', async (request) => finish(request));
  // Safety nets: a request aborted or answered without onSend never keeps its connection.
  app.addHook('onResponse', async (request) => finish(request));
  app.addHook('onRequestAbort', async (request) => finish(request));
}
