import { ConversationHandler } from '../../src/conversation/conversation-handler';
import type { Reply } from '../../src/conversation/reply';
import { KnowledgeBase } from '../../src/knowledge';
import type { Recognizer } from '../../src/nlu';
import type { Dialog } from '../../src/triage/dialog-schema';
import { TriageEngine } from '../../src/triage/triage-engine';

/** One labelled first message (`test/fixtures/nlu/first-messages.*.json`, `shared/nlu-dev-set/first-messages.json`). */
export interface FirstMessage {
  text: string;
  /** The level the policy reaches from the message alone; `none` must not escalate. */
  expect: 'emergency_ambulance' | 'emergency' | 'consultation_24' | 'none';
  category?: string;
  note?: string;
}

const LEVELS = ['none', 'consultation_24', 'emergency', 'emergency_ambulance'] as const;
type Level = (typeof LEVELS)[number];

/** What the bot did with a first message: the level reached on the first reply, or after answering "yes" to one direct confirmation. */
export interface FirstMessageResult {
  entry: FirstMessage;
  firstReply: Level;
  confirmed?: { slot: string; level: Level };
}

/** Counts of one group of messages (a category, or all red-flag / all benign ones). */
export interface FirstMessageTally {
  total: number;
  /** At the expected level on the first reply. */
  exact: number;
  /** At the expected level after one direct confirmation. */
  afterConfirmation: number;
  /** Below the expected level even after a confirmation. */
  under: number;
  /** Above the expected level on the first reply. */
  over: number;
  /** Benign messages that got a confirmation question. */
  confirmations: number;
}

const levelOf = (replies: Reply[]): Level => {
  const outcome = replies.find((reply) => reply.kind === 'outcome');
  const disposition = outcome?.kind === 'outcome' ? outcome.outcome.disposition : undefined;
  return (LEVELS as readonly string[]).includes(disposition ?? '') ? (disposition as Level) : 'none';
};

/** Sends each message as the first of a new conversation through the real turn logic (no channel). */
export function runFirstMessages(dialog: Dialog, recognizer: Recognizer, entries: FirstMessage[], now = new Date()): FirstMessageResult[] {
  const handler = new ConversationHandler({
    dialog,
    engine: new TriageEngine(dialog),
    recognizer,
    knowledge: KnowledgeBase.load(),
    alertsFor: () => false,
    maxMessageChars: 2000,
    conversationTtlMs: 86_400_000,
  });
  return entries.map((entry) => {
    const first = handler.handle(undefined, { incoming: { type: 'text', text: entry.text }, now });
    const firstReply = levelOf(first.replies);
    const asked = first.replies.filter((reply) => reply.kind === 'question').at(-1);
    if (firstReply !== 'none' || asked?.kind !== 'question' || !asked.question.id.startsWith('confirm-')) return { entry, firstReply };
    const second = handler.handle(first.record ?? undefined, { incoming: { type: 'text', text: 'yes' }, now });
    return { entry, firstReply, confirmed: { slot: asked.question.slots[0], level: levelOf(second.replies) } };
  });
}

/** Tallies results against their expected levels. */
export function tally(results: FirstMessageResult[]): FirstMessageTally {
  const counts: FirstMessageTally = { total: 0, exact: 0, afterConfirmation: 0, under: 0, over: 0, confirmations: 0 };
  for (const { entry, firstReply, confirmed } of results) {
    counts.total += 1;
    const expected = LEVELS.indexOf(entry.expect);
    const got = LEVELS.indexOf(firstReply);
    if (got > expected) counts.over += 1;
    else if (got === expected) counts.exact += 1;
    else if (confirmed && LEVELS.indexOf(confirmed.level) >= expected) counts.afterConfirmation += 1;
    else counts.under += 1;
    if (entry.expect === 'none' && confirmed) counts.confirmations += 1;
  }
  return counts;
}

/** A table per category plus the two headline groups, as plain text; `verbose` lists the misses. */
export function formatFirstMessages(name: string, results: FirstMessageResult[], verbose = false): string {
  const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : '-').padStart(7);
  const row = (label: string, group: FirstMessageResult[]) => {
    const t = tally(group);
    return `${label.padEnd(24)}${String(t.total).padStart(5)}  exact ${pct(t.exact, t.total)}  +confirm ${pct(t.exact + t.afterConfirmation, t.total)}  under ${String(t.under).padStart(3)}  over ${String(t.over).padStart(3)}  confirm-asked ${t.confirmations}`;
  };
  const lines = [`first messages: ${name}`];
  lines.push(row('red flags (all)', results.filter((result) => result.entry.expect !== 'none')));
  lines.push(row('no red flag (all)', results.filter((result) => result.entry.expect === 'none')));
  for (const level of [...LEVELS].reverse()) lines.push(row(`  expect ${level}`, results.filter((result) => result.entry.expect === level)));
  const categories = [...new Set(results.map((result) => result.entry.category).filter((category): category is string => !!category))];
  for (const category of categories) lines.push(row(`  category ${category}`, results.filter((result) => result.entry.category === category)));
  if (verbose) {
    for (const { entry, firstReply, confirmed } of results) {
      const got = confirmed ? `${firstReply} → confirm ${confirmed.slot} → ${confirmed.level}` : firstReply;
      if (firstReply !== entry.expect && confirmed?.level !== entry.expect) lines.push(`    expected ${entry.expect}, got ${got}: ${entry.text}`);
    }
  }
  return lines.join('\n');
}
