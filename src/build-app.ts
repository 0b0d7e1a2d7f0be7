import type { Storage } from 'botbuilder';
import type restify from 'restify';
import { createEscalation } from './bot/alerts';
import { createAdapter } from './bot/create-adapter';
import { escalationTurnAlerts } from './bot/escalation-turn-alerts';
import { TriageBot } from './bot/triage-bot';
import type { Config } from './config';
import type { EscalationService } from './escalation';
import { ConversationHandler } from './conversation/conversation-handler';
import { registerDirectLine } from './directline';
import { KnowledgeBase } from './knowledge';
import { createLogger, type Logger } from './logging/create-logger';
import { createRecognizer, loadLexicon, type Recognizer } from './nlu';
import { conversationRateLimit } from './bot/middleware/conversation-rate-limit';
import { createServer } from './server/create-server';
import { createShutdown } from './server/graceful-shutdown';
import { localeGuard } from './bot/middleware/locale-guard';
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
}

/** Optional replacements for tests: a shared storage, a silent logger, a recognizer, another version of the decision graph. */
export interface AppOverrides {
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
  const emergencyNumbers = EmergencyNumbers.load();
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
    logger,
    alerts: escalationTurnAlerts({ service: escalation.service, handoffChannels: config.ESCALATION_HANDOFF_CHANNELS, logger }),
    interceptors: escalation.registry ? [(context) => escalation.registry!.handleCommand(context)] : [],
  });
  const lifecycle = new ServerLifecycle();
  const server = createServer({
    adapter,
    bot,
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    anonymous: config.anonymous,
    lifecycle,
    clientRateLimit: {
      buckets: new TokenBuckets({ perMinute: config.RATE_LIMIT_PER_MINUTE_CLIENT }),
      trustForwardedFor: config.TRUST_PROXY,
      // With an app id, /api/messages is called by Bot Framework channels: one address for many users.
      exempt: (path) => !config.anonymous && path === '/api/messages',
    },
    extraRoutes: (routes) => {
      registerDirectLine(routes, {
        adapter,
        bot,
        secret: config.DIRECTLINE_SECRET,
        tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
        logger,
        appId: config.MicrosoftAppId,
        maxBodyBytes: config.MAX_BODY_BYTES,
      });
      registerWebChat(routes, { logger });
    },
  });
  const shutdown = createShutdown({ server, lifecycle, escalation: escalation.service, logger });
  return { server, bot, storage, logger, escalation: escalation.service, shutdown };
}
