import { MemoryStorage, TestAdapter, type Activity, type Storage } from 'botbuilder';
import { buildApp } from '../../src/build-app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/create-logger';

/** One user's chat with the real bot through botbuilder's TestAdapter. */
export interface TestConversation {
  storage: Storage;
  /** Sends text (a string) or a card submit (an object) and returns the bot's replies to it. */
  say(input: string | Record<string, unknown>, extra?: Partial<Activity>): Promise<Partial<Activity>[]>;
  /** Sends a conversationUpdate adding the user, as a channel does when the chat opens. */
  join(): Promise<Partial<Activity>[]>;
}

/** Starts a conversation with the whole bot (config defaults, in-memory storage, silent logs). */
export function testConversation(
  options: { env?: NodeJS.ProcessEnv; storage?: Storage; channelId?: string; locale?: string; clock?: () => Date } = {},
): TestConversation {
  const storage = options.storage ?? new MemoryStorage();
  const app = buildApp(loadConfig(options.env ?? {}), { storage, logger: createLogger('silent'), clock: options.clock });
  const adapter = new TestAdapter(async (context) => app.bot.run(context));
  const base = { channelId: options.channelId ?? 'test', locale: options.locale ?? 'en-US' };
  const collect = async (activity: Partial<Activity>) => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({ ...base, ...activity } as Activity);
    return adapter.activeQueue.splice(0);
  };
  return {
    storage,
    say: (input, extra = {}) =>
      collect(typeof input === 'string' ? { type: 'message', text: input, ...extra } : { type: 'message', value: input, ...extra }),
    join: () => collect({ type: 'conversationUpdate', membersAdded: [{ id: 'user1', name: 'User' }] }),
  };
}

/** The `channelData.triage` of a reply. */
export function triageData(activity: Partial<Activity> | undefined): { questionId?: string; slots?: string[]; outcome?: { disposition: string; redFlags: string[]; facts: Record<string, unknown>; reasons: string[] } } {
  return (activity?.channelData as { triage?: object } | undefined)?.triage ?? {};
}

/** The last question asked in a list of replies. */
export function lastQuestion(replies: Partial<Activity>[]): string | undefined {
  return replies.map((reply) => triageData(reply).questionId).filter(Boolean).at(-1);
}

/** The outcome in a list of replies, if any. */
export function outcomeOf(replies: Partial<Activity>[]) {
  return replies.map((reply) => triageData(reply).outcome).find(Boolean);
}

/** "No" to every item of a checklist, as its card's "None of these" button sends. */
export function noneOf(slots: readonly string[]): Record<string, string> {
  return Object.fromEntries(slots.map((slot) => [slot, 'false']));
}
