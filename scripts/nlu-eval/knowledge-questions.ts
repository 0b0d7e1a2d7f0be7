import { ConversationHandler, type TurnResult } from '../../src/conversation/conversation-handler';
import type { Reply } from '../../src/conversation/reply';
import type { KnowledgeBase } from '../../src/knowledge';
import type { Recognizer } from '../../src/nlu';
import type { Dialog } from '../../src/triage/dialog-schema';
import { isRedFlagSlot } from '../../src/triage/slots';
import { TriageEngine } from '../../src/triage/triage-engine';

/** One labelled question (`test/fixtures/knowledge/questions.*.json`), written without reading the entries. */
export interface KnowledgeQuestion {
  text: string;
  /** The entries that answer it: one, two (`twoTopics`), or none (`notCovered`: the seeds do not answer it). */
  topics: string[];
  /** Words the right answer says (for the report; the entries were not written to them). */
  mustMention: string[];
  /** `plain`: a bare question; `inStory`: inside a message that also tells facts; `twoTopics`; `notCovered`. */
  style: 'plain' | 'inStory' | 'twoTopics' | 'notCovered';
  note?: string;
}

/** What the bot did with a question, as a first message and again mid-triage. */
export interface KnowledgeQuestionResult {
  question: KnowledgeQuestion;
  /** Entries answered on the first message. */
  answered: string[];
  /** True when the first message reached an outcome or a red-flag confirmation. */
  escalated: boolean;
  /** Facts recorded from a message that tells none (every style but `inStory`), by slot. */
  factsTaken: string[];
  /** Mid-triage (the location question pending): the same question was asked again after the answer. */
  placeKept: boolean;
  /** Mid-triage: entries answered. */
  answeredMidTriage: string[];
}

const answeredIds = (replies: Reply[]) => replies.flatMap((reply) => (reply.kind === 'knowledgeAnswer' ? [reply.entry.id] : []));
const pendingId = (replies: Reply[]) => replies.filter((reply) => reply.kind === 'question').map((reply) => (reply.kind === 'question' ? reply.question.id : '')).at(-1);
const escalates = (replies: Reply[]) =>
  replies.some((reply) => (reply.kind === 'outcome' && reply.outcome.disposition !== 'self_care') || (reply.kind === 'question' && reply.question.id.startsWith('confirm-')));

/** Asks each question through the real turn logic (no channel): as the first message, and with the location question pending. */
export function runKnowledgeQuestions(dialog: Dialog, recognizer: Recognizer, knowledge: KnowledgeBase, questions: KnowledgeQuestion[]): KnowledgeQuestionResult[] {
  const handler = new ConversationHandler({
    dialog,
    engine: new TriageEngine(dialog),
    recognizer,
    knowledge,
    alertsFor: () => false,
    maxMessageChars: 2000,
    conversationTtlMs: 86_400_000,
  });
  const now = new Date();
  const say = (record: TurnResult['record'] | undefined, text: string) => handler.handle(record ?? undefined, { incoming: { type: 'text', text }, now });
  // A conversation at the location question: greeted, the safety check answered "none".
  const atLocation = say(say(undefined, 'hello').record, 'none of these');
  const locationId = pendingId(atLocation.replies);
  return questions.map((question) => {
    const first = say(undefined, question.text);
    const facts = first.record?.triage.context.facts ?? {};
    const factsTaken = question.style === 'inStory' ? [] : Object.keys(facts).filter((slot) => !isRedFlagSlot(slot as never) || facts[slot as keyof typeof facts] !== false);
    const mid = say(atLocation.record, question.text);
    return {
      question,
      answered: answeredIds(first.replies),
      escalated: escalates(first.replies),
      factsTaken,
      placeKept: escalates(mid.replies) || pendingId(mid.replies) === locationId || mid.record?.triage.context.facts.location !== undefined,
      answeredMidTriage: answeredIds(mid.replies),
    };
  });
}

/** Right when every topic is answered (and, for a question the seeds do not cover, when no entry is offered as the answer). */
export function answeredRight(result: KnowledgeQuestionResult, answered = result.answered): boolean {
  if (result.question.topics.length === 0) return answered.length === 0;
  return result.question.topics.every((topic) => answered.includes(topic));
}

/** The figures as lines of text; `verbose` lists the misses (only for a split that is tuned on). */
export function formatKnowledgeQuestions(name: string, results: KnowledgeQuestionResult[], verbose = false): string {
  const pct = (part: number, whole: number) => `${part}/${whole} (${whole ? ((100 * part) / whole).toFixed(1) : '100.0'}%)`;
  const right = results.filter((result) => answeredRight(result));
  const lines = [
    `knowledge questions: ${name}`,
    `  answered with the right entries ${pct(right.length, results.length)}; mid-triage ${pct(results.filter((result) => answeredRight(result, result.answeredMidTriage)).length, results.length)}`,
    `  escalated ${results.filter((result) => result.escalated).length}; facts taken from a bare question ${results.filter((result) => result.factsTaken.length > 0).length}; triage's place lost mid-triage ${results.filter((result) => !result.placeKept).length}`,
  ];
  for (const style of ['plain', 'inStory', 'twoTopics', 'notCovered'] as const) {
    const group = results.filter((result) => result.question.style === style);
    if (group.length > 0) lines.push(`  ${style.padEnd(11)} ${pct(group.filter((result) => answeredRight(result)).length, group.length)}`);
  }
  if (verbose) {
    for (const result of results) {
      const problems = [
        answeredRight(result) ? '' : `answered [${result.answered.join(', ')}] for [${result.question.topics.join(', ')}]`,
        result.escalated ? 'escalated' : '',
        result.factsTaken.length > 0 ? `facts ${result.factsTaken.join(', ')}` : '',
        result.placeKept ? '' : 'place lost',
      ].filter(Boolean);
      if (problems.length > 0) lines.push(`    ${problems.join('; ')}: ${result.question.text}`);
    }
  }
  return lines.join('\n');
}
