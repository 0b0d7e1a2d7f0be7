import pino, { type Logger } from 'pino';

/** The structured logger every part of the bot writes to. Never pass message text, facts or secrets to it at info level. */
export type { Logger };

/** Builds the process's JSON logger at `level`; `silent` turns it off (tests). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'back-pain-triage-bot' },
    redact: { paths: ['*.text', '*.facts', '*.password', '*.secret', 'req.headers.authorization'], censor: '[redacted]' },
  });
}
