import { MemoryStorage, type Storage } from 'botbuilder';
import type restify from 'restify';
import { TriageBot } from './bot/triage-bot';
import { createAdapter } from './bot/create-adapter';
import type { Config } from './config';
import { ConversationHandler } from './conversation/conversation-handler';
import { KnowledgeBase } from './knowledge';
import { createLogger, type Logger } from './logging/create-logger';
import { createRecognizer, loadLexicon } from './nlu';
import { createServer } from './server/create-server';
import { ConversationStore } from './state/conversation-store';
import { EmergencyNumbers } from './triage/emergency-numbers';
import { loadDialog } from './triage/load-dialog';
import { TriageEngine } from './triage/triage-engine';

/** The running pieces of the bot, for `src/index.ts` and for tests that start it in-process. */
export interface App {
  server: restify.Server;
  bot: TriageBot;
  storage: Storage;
  logger: Logger;
}

/** Optional replacements for tests: a shared storage, a silent logger. */
export interface AppOverrides {
  storage?: Storage;
  logger?: Logger;
}

/**
 * The composition root: config → storage → content → understanding → triage → bot → server, each
 * piece passed into the next. Content files are validated here, so a bad one stops the boot.
 */
export function buildApp(config: Config, overrides: AppOverrides = {}): App {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const storage = overrides.storage ?? new MemoryStorage();
  const dialog = loadDialog();
  const emergencyNumbers = EmergencyNumbers.load();
  const knowledge = KnowledgeBase.load();
  const recognizer = createRecognizer(dialog, loadLexicon());
  const engine = new TriageEngine(dialog);
  const handler = new ConversationHandler({
    dialog,
    engine,
    recognizer,
    knowledge,
    alertsFor: () => false,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
    conversationTtlMs: config.CONVERSATION_TTL_HOURS * 3_600_000,
  });
  const bot = new TriageBot({ dialog, handler, store: new ConversationStore(storage), emergencyNumbers, logger });
  const adapter = createAdapter(config, { logger, dialog, emergencyNumbers });
  const server = createServer({ adapter, bot, logger, maxBodyBytes: config.MAX_BODY_BYTES });
  return { server, bot, storage, logger };
}
