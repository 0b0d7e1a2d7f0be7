import type restify from 'restify';
import type { EscalationService } from '../escalation';
import type { Logger } from '../logging/create-logger';
import type { ServerLifecycle } from './server-lifecycle';

/** What the shutdown stops, in order. */
export interface ShutdownDeps {
  server: restify.Server;
  lifecycle: ServerLifecycle;
  escalation: EscalationService;
  logger: Logger;
  /** How long turns in flight, then alert attempts, may each take to finish. */
  timeoutMs?: number;
}

/**
 * Builds the shutdown (for SIGTERM): start draining (/healthz answers 503 and new requests are turned
 * away), wait for the requests in flight, let the alert attempts they started finish, stop the
 * outbox, and close the server. Calling it again returns the same promise. Resolves when done.
 */
export function createShutdown(deps: ShutdownDeps): () => Promise<void> {
  let done: Promise<void> | undefined;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const run = async () => {
    const { lifecycle, logger } = deps;
    lifecycle.beginDrain();
    logger.info({ requestsInFlight: lifecycle.requestsInFlight }, 'draining');
    const turnsFinished = await lifecycle.idle(timeoutMs);
    // An alert created by the last turn is scheduled on a zero-delay timer: let it start before stopping.
    await new Promise((resolve) => setImmediate(resolve));
    deps.escalation.stop();
    const alertsFinished = await deps.escalation.drain(timeoutMs);
    const closed = new Promise<void>((resolve) => deps.server.close(() => resolve()));
    // Nothing is in flight any more: idle keep-alive connections need not wait for their timeout.
    deps.server.server.closeAllConnections();
    await closed;
    logger.info({ turnsFinished, alertsFinished }, 'shut down');
  };
  return () => (done ??= run());
}
