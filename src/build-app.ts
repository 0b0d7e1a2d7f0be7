import type { Storage } from 'botbuilder';
import type restify from 'restify';
import { AuditTrail } from './audit';
import { createEscalation } from './bot/alerts';
import { ClinicServices } from './clinic';
import { createAdapter } from './bot/create-adapter';
import { escalationTurnAlerts } from './bot/escalation-turn-alerts';
import { cloudAdapterPrivateChat } from './bot/private-chat';
import { TriageBot } from './bot/triage-bot';
import type { Config } from './config';
import type { EscalationService } from './escalation';
import { ConversationHandler } from './conversation/conversation-handler';
import { registerDirectLine, type DirectLineEndpoint, type TranscriptEraser } from './directline';
import { KnowledgeBase } from './knowledge';
import { createLogger, type Logger } from './logging/create-logger';
import { BotMetrics } from './metrics';
import { createRecognizer, loadLexicon, type Recognizer } from './nlu';
import { conversationRateLimit } from './bot/middleware/conversation-rate-limit';
import { createServer } from './server/create-server';
import { createShutdown } from './server/graceful-shutdown';
import { localeGuard } from './bot/middleware/locale-guard';
import { registerMetricsRoute } from './server/metrics-route';
import { ServerLifecycle } from './server/server-lifecycle';
import { TokenBuckets } from './server/token-buckets';
import { ConversationStore } from './state/conversation-store';
import { createStorage } from './state/create-storage';
import { GuardedMemoryStorage } from './state/guarded-memory-storage';
import { EmergencyNumbers } from './triage/emergency-numbers';
import type { Dialog } from './triage/dialog-schema';
import { loadDialog } from './triage/load-dialog';
import { TriageEngine } from './triage/triage-engine';
import { registerWebChat } from './web';

/** The running pieces of the bot, for `src/index.ts` and for tests that start it in-process. */
export interface App {
  server: restify.Server;
  bot: TriageBot;
  storage: Storage;
  logger: Logger;
  /** Delivers clinician alerts in the background: `start()` it once the server listens, `drain()` it on shutdown. */
  escalation: EscalationService;
  /** Drains and closes the server (for SIGTERM): turns in flight and their alert attempts finish first. */
  shutdown: () => Promise<void>;
  /** The Prometheus metrics (served at /metrics when METRICS_TOKEN is set). */
  metrics: BotMetrics;
  /** The pseudonymous outcome records for clinical governance. */
  audit: AuditTrail;
  /** The Direct Line transcripts, for data rights: erase a conversation's, delete a user's. */
  transcripts: TranscriptEraser;
}

/** Optional replacements for tests: a shared storage, a silent logger, a recognizer, another version of the decision graph, a clock. */
export interface AppOverrides {
  /** The time the clinic's opening hours are read at (default: now). */
  clock?: () => Date;
  storage?: Storage;
  logger?: Logger;
  recognizer?: Recognizer;
  dialog?: Dialog;
}

/**
 * The composition root: config → storage → content → understanding → triage → alerts → bot → server, each
 * piece passed into the next. Content files are validated here, so a bad one stops the boot.
 */
export function buildApp(config: Config, overrides: AppOverrides = {}): App {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const storage = overrides.storage ?? createStorage(config);
  const dialog = overrides.dialog ?? loadDialog();
  const services = ClinicServices.load(config.SERVICES_FILE);
  const metrics = new BotMetrics();
  const audit = new AuditTrail(storage, config.AUDIT_HASH_KEY ?? '');
  const emergencyNumbers = EmergencyNumbers.load().withOverride((locale) => services.clinicFor(locale)?.emergencyNumber);
  const knowledge = KnowledgeBase.load();
  const recognizer = overrides.recognizer ?? createRecognizer(dialog, loadLexicon());
  const engine = new TriageEngine(dialog);
  const adapter = createAdapter(config, { logger, dialog, emergencyNumbers });
  adapter.use(localeGuard());
  adapter.use(conversationRateLimit({ buckets: new TokenBuckets({ perMinute: config.RATE_LIMIT_PER_MINUTE_CONVERSATION }), emergencyNumbers, logger }));
  // The in-memory store holds only what this process's own turns wrote: its records are not checked again on every read.
  const conversations = new ConversationStore(storage, { checkRecords: !(storage instanceof GuardedMemoryStorage) });
  const escalation = createEscalation(config, {
    storage,
    adapter,
    logger,
    // How a sweep moves on an alert whose turn saved the record but never reached the outbox.
    committedAlerts: async (source) => (await conversations.load(source)).record?.pendingAlerts ?? [],
  });
  const handler = new ConversationHandler({
    dialog,
    engine,
    recognizer,
    knowledge,
    alertsFor: (disposition) => escalation.service.shouldAlert(disposition),
    maxMessageChars: config.MAX_MESSAGE_CHARS,
    conversationTtlMs: config.CONVERSATION_TTL_HOURS * 3_600_000,
  });
  const bot = new TriageBot({
    dialog,
    handler,
    store: conversations,
    emergencyNumbers,
    services,
    clock: overrides.clock,
    metrics,
    audit,
    logger,
    alerts: escalationTurnAlerts({ service: escalation.service, handoffChannels: config.ESCALATION_HANDOFF_CHANNELS, logger }),
    interceptors: escalation.registry ? [(context) => escalation.registry!.handleCommand(context)] : [],
    openPrivateChat: cloudAdapterPrivateChat(config.MicrosoftAppId, logger),
  });
  const lifecycle = new ServerLifecycle();
  const azureDirectLine =
    config.WEBCHAT_DIRECT_LINE === 'azure' && config.AZURE_DIRECT_LINE_SECRET
      ? { endpoint: config.AZURE_DIRECT_LINE_ENDPOINT, secret: config.AZURE_DIRECT_LINE_SECRET }
      : undefined;
  // Registered with the other routes below; the rate limit asks it which conversation a request is for.
  let directLine: DirectLineEndpoint | undefined;
  const server = createServer({
    adapter,
    bot,
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    anonymous: config.anonymous,
    lifecycle,
    metrics,
    clientRateLimit: {
      buckets: new TokenBuckets({ perMinute: config.RATE_LIMIT_PER_MINUTE_CLIENT }),
      trustForwardedFor: config.TRUST_PROXY,
      perConversation: {
        buckets: new TokenBuckets({ perMinute: config.RATE_LIMIT_PER_MINUTE_DIRECTLINE_CONVERSATION }),
        conversationOf: (req) => directLine?.authenticatedConversation(req),
      },
      // With an app id, /api/messages is called by Bot Framework channels: one address for many users.
      exempt: (path) => !config.anonymous && path === '/api/messages',
    },
    extraRoutes: (routes) => {
      directLine = registerDirectLine(routes, {
        adapter,
        bot,
        secret: config.DIRECTLINE_SECRET,
        tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
        logger,
        appId: config.MicrosoftAppId,
        maxBodyBytes: config.MAX_BODY_BYTES,
        azure: azureDirectLine,
      });
      registerWebChat(routes, { logger, directLineOrigins: azureDirectLine ? [new URL(azureDirectLine.endpoint).origin] : [] });
      if (config.METRICS_TOKEN) registerMetricsRoute(routes, { metrics, token: config.METRICS_TOKEN });
    },
  });
  const shutdown = createShutdown({ server, lifecycle, escalation: escalation.service, logger });
  if (!directLine) throw new Error('the Direct Line routes were not registered');
  return { server, bot, storage, logger, escalation: escalation.service, shutdown, metrics, audit, transcripts: directLine.store };
}
