import type { AddressInfo } from 'node:net';
import { buildApp, type App, type AppOverrides } from '../../src/build-app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/create-logger';
import type { Facts } from '../../src/triage/slots';
import { messageActivity } from '../../scripts/bench-driver';
import { BENIGN } from './run-vignette';

/** A bot reply as it comes back in an `expectReplies` response body. */
export interface HttpReply {
  text?: string;
  channelData?: { triage?: { questionId?: string; slots?: string[]; outcome?: { disposition: string; redFlags: string[]; facts: Record<string, unknown> } } };
}

/** A bot server listening on a random loopback port. */
export interface BotServer {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** Builds the whole app from `env` (silent logs) and listens on a free port of 127.0.0.1. */
export async function startBotServer(env: NodeJS.ProcessEnv, overrides: AppOverrides = {}): Promise<BotServer> {
  const app = buildApp(loadConfig({ LOG_LEVEL: 'silent', ...env }), { logger: createLogger('silent'), ...overrides });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return {
    app,
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => app.server.close(() => resolve())),
  };
}

/** A Web Chat message activity for `conversationId` with `expectReplies`, plus `fields` (text, value, overrides). */
export function webChatActivity(conversationId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return messageActivity(conversationId, { serviceUrl: 'http://localhost/', locale: 'en-US', ...fields });
}

/** Posts a text (string) or card submit (object) to `url` as a Web Chat message with `expectReplies`; returns the replies. */
export async function sendMessage(url: string, conversationId: string, input: string | Record<string, unknown>, fields: Record<string, unknown> = {}): Promise<HttpReply[]> {
  const activity = webChatActivity(conversationId, { ...(typeof input === 'string' ? { text: input } : { value: input }), ...fields });
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  if (response.status !== 200) throw new Error(`POST /api/messages gave ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { activities?: HttpReply[] }).activities ?? [];
}

/** The last question asked in `replies`, with the slots it still needs. */
export function questionOf(replies: HttpReply[]): { questionId: string; slots: string[] } | undefined {
  const data = replies.map((reply) => reply.channelData?.triage).filter((triage) => triage?.questionId).at(-1);
  return data ? { questionId: data.questionId!, slots: data.slots ?? [] } : undefined;
}

/** The outcome in `replies`, if any. */
export function outcomeOf(replies: HttpReply[]) {
  return replies.map((reply) => reply.channelData?.triage?.outcome).find(Boolean);
}

/**
 * One user's triage over HTTP, a turn at a time: the first turn says "hello", every later turn
 * answers the pending question's slots from the vignette's facts (benign where absent) as a card
 * submit. Each turn may go to a different server.
 */
export class HttpTriage {
  readonly asked: string[] = [];
  outcome?: { disposition: string; redFlags: string[]; facts: Record<string, unknown> };
  private pending?: { questionId: string; slots: string[] };
  private readonly answers: Facts;

  constructor(readonly conversationId: string, facts: Facts) {
    this.answers = { ...BENIGN, ...facts };
  }

  /** True once an outcome was shown. */
  get done(): boolean {
    return this.outcome !== undefined;
  }

  /** Sends the next turn to `url` and returns its replies. */
  async turn(url: string): Promise<HttpReply[]> {
    const input = this.pending
      ? Object.fromEntries(this.pending.slots.map((slot) => [slot, this.answers[slot as keyof Facts]]))
      : 'hello';
    const replies = await sendMessage(url, this.conversationId, input);
    this.pending = questionOf(replies);
    if (this.pending) this.asked.push(this.pending.questionId);
    this.outcome ??= outcomeOf(replies);
    return replies;
  }
}

/** Runs a whole triage, sending turn i to `urls[i % urls.length]`. */
export async function runHttpTriage(urls: string[], conversationId: string, facts: Facts): Promise<HttpTriage> {
  const triage = new HttpTriage(conversationId, facts);
  for (let turn = 0; !triage.done && turn < 40; turn += 1) await triage.turn(urls[turn % urls.length]);
  if (!triage.done) throw new Error(`Triage ${conversationId} did not conclude; asked ${triage.asked.join(', ')}`);
  return triage;
}
