import { timingSafeEqual } from 'node:crypto';
import type restify from 'restify';
import type { BotMetrics } from '../metrics';

/** Path Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `GET /metrics` in the Prometheus text format, for `Authorization: Bearer <token>` only (else 401). */
export function registerMetricsRoute(server: restify.Server, deps: { metrics: BotMetrics; token: string }): void {
  server.get(METRICS_PATH, async (req: restify.Request, res: restify.Response) => {
    const header = req.header('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (!sameToken(given, deps.token)) {
      res.header('WWW-Authenticate', 'Bearer');
      res.send(401, { error: 'A metrics token is required.' });
      return;
    }
    const { contentType, body } = await deps.metrics.exposition();
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });
}
