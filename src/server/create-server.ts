import restify from 'restify';
import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Logger } from '../logging/create-logger';

/** What the HTTP server serves. */
export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  logger: Logger;
  maxBodyBytes: number;
  /** Registers further routes on the same server (Direct Line, the chat page). */
  extraRoutes?: (server: restify.Server) => void;
}

/**
 * The restify server: `POST /api/messages` through the CloudAdapter, `GET /healthz`, and any extra
 * routes. Bodies over `maxBodyBytes` get 413; a body that is not an activity gets 400.
 */
export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'back-pain-triage-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser());
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      res.send(400, { error: 'The body must be a Bot Framework activity (a JSON object with a "type").' });
      return;
    }
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  deps.extraRoutes?.(server);
  return server;
}
