import restify from 'restify';
import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Logger } from '../logging/create-logger';
import type { BotMetrics } from '../metrics';
import { activityEnvelopeProblem } from './activity-envelope';
import type { ServerLifecycle } from './server-lifecycle';
import type { TokenBuckets } from './token-buckets';

/**
 * The per-client request limit: per address, except requests that carry a credential for one
 * conversation (a Direct Line token), which are limited per conversation, so many users behind one
 * clinic's address do not share a bucket.
 */
export interface ClientRateLimit {
  buckets: TokenBuckets;
  perConversation?: {
    buckets: TokenBuckets;
    /** The conversation a request is authenticated for, or undefined (then the address is the key). */
    conversationOf: (req: restify.Request) => string | undefined;
  };
  /** Take the client address from the last X-Forwarded-For entry (behind one trusted reverse proxy). */
  trustForwardedFor: boolean;
  /** Paths not limited per client (e.g. /api/messages when only Bot Framework channels may call it). */
  exempt?: (path: string) => boolean;
}

/** What the HTTP server serves. */
export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  logger: Logger;
  maxBodyBytes: number;
  /** True without MicrosoftAppId: no channel token vouches for an activity's serviceUrl. */
  anonymous: boolean;
  /** Draining state and requests in flight, shared with the shutdown. */
  lifecycle: ServerLifecycle;
  clientRateLimit?: ClientRateLimit;
  /** Counts every response by route pattern and status. */
  metrics?: BotMetrics;
  /** Registers further routes on the same server (Direct Line, the chat page). */
  extraRoutes?: (server: restify.Server) => void;
}

const HEALTH_PATH = '/healthz';

/**
 * The restify server: `POST /api/messages` through the CloudAdapter, `GET /healthz`, and any extra
 * routes. Every request gets a request id (the `x-request-id` header, and one structured log line);
 * a client over its rate limit gets 429 with Retry-After; while draining, /healthz answers 503 and
 * other requests 503 with Retry-After; bodies over `maxBodyBytes` get 413; a body that is not an
 * activity gets 400; any error escaping a handler is logged and answered with a 500 that says
 * nothing about the cause, and never takes the process down.
 */
export function createServer(deps: ServerDeps): restify.Server {
  const { logger, lifecycle } = deps;
  const server = restify.createServer({ name: 'back-pain-triage-bot', handleUncaughtExceptions: false });

  // Synchronous on purpose: `next(false)` ends the request here, which an async handler cannot do.
  server.pre((req: restify.Request, res: restify.Response, next: restify.Next) => {
    lifecycle.track(res);
    res.header('x-request-id', req.getId());
    const path = req.getPath();
    if (lifecycle.isDraining) {
      res.header('Connection', 'close');
      if (path !== HEALTH_PATH) res.header('Retry-After', '5');
      res.send(503, path === HEALTH_PATH ? { status: 'draining' } : { error: 'The server is restarting; try again shortly.' });
      return next(false);
    }
    const limit = deps.clientRateLimit;
    if (limit && path !== HEALTH_PATH && !limit.exempt?.(path)) {
      const conversationId = limit.perConversation?.conversationOf(req);
      const decision =
        conversationId !== undefined
          ? limit.perConversation!.buckets.take(conversationId)
          : limit.buckets.take(clientAddress(req, limit.trustForwardedFor));
      if (!decision.allowed) {
        res.header('Retry-After', String(decision.retryAfterSeconds));
        res.send(429, { error: 'Too many requests from this client; slow down.' });
        return next(false);
      }
    }
    return next();
  });
  server.use(restify.plugins.queryParser());
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes, mapParams: false }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const problem = activityEnvelopeProblem(req.body, { anonymous: deps.anonymous });
    if (problem) {
      res.send(400, { error: `The body must be a Bot Framework activity (${problem}).` });
      return;
    }
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });

  server.get(HEALTH_PATH, async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });

  deps.extraRoutes?.(server);

  server.on('restifyError', (req: restify.Request, res: restify.Response, error: Error & { statusCode?: number }, callback: () => void) => {
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 500) {
      logger.error({ reqId: req.getId(), path: req.getPath(), err: { name: error.name, message: error.message, stack: error.stack } }, 'request failed');
      // Whatever went wrong stays in the log, not in the response (restify would echo the error's message).
      if (!res.headersSent) res.send(status, { error: 'Something went wrong on our side.' });
    }
    callback();
  });

  server.on('after', (req: restify.Request, res: restify.Response) => {
    // The route's pattern ("/v3/directline/conversations/:conversationId/activities"), never the ids in the path.
    deps.metrics?.observeHttp(req.method ?? 'unknown', req.getRoute()?.path?.toString() ?? 'unmatched', res.statusCode);
    const entry = {
      reqId: req.getId(),
      method: req.method,
      path: req.getPath(),
      status: res.statusCode,
      ms: Math.round(Date.now() - req.time()),
      conversationId: conversationIdOf(req.body),
    };
    if (res.statusCode >= 500) logger.error(entry, 'request answered');
    // Polling, health checks and static files would drown the rest at info.
    else if (req.method === 'GET') logger.debug(entry, 'request answered');
    else logger.info(entry, 'request answered');
  });

  return server;
}

function clientAddress(req: restify.Request, trustForwardedFor: boolean): string {
  if (trustForwardedFor) {
    const forwarded = req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket?.remoteAddress ?? 'unknown';
}

function conversationIdOf(body: unknown): string | undefined {
  const id = (body as { conversation?: { id?: unknown } } | undefined)?.conversation?.id;
  return typeof id === 'string' && id.length <= 256 ? id : undefined;
}
