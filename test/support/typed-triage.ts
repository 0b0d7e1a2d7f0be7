import type { Disposition } from '../../src/triage/dialog-schema';
import { urgencyOf } from '../../src/triage/triage-policy';
import type { Facts, SlotName } from '../../src/triage/slots';
import { BENIGN } from './run-vignette';
import { questionOf, sendMessage, type HttpReply } from './bot-server';
import type { TypedAnswers as Phrasings } from '../../scripts/nlu-eval/typed-answers';

/** Phrasings by slot and value, and whole-checklist answers (the format of `shared/nlu-dev-set/typed-answers.json`). */
export type { Phrasings };

/** An answer the bot did not take as meant: asked again, or recorded with another value. */
export interface Misunderstanding {
  questionId: string;
  text: string;
  /** What the bot did: asked the same question again, or recorded `recorded` for `slot`. */
  kind: 'askedAgain' | 'misread';
  slot?: SlotName;
  intended?: unknown;
  recorded?: unknown;
}

/** One triage typed in words, start to end. */
export interface TypedTriage {
  name: string;
  expected: Disposition;
  /** The most urgent outcome shown during the conversation (undefined: none). */
  reached?: Disposition;
  asked: string[];
  /** Slots a question asked for although the opening message had stated them. */
  askedAgain: SlotName[];
  misunderstandings: Misunderstanding[];
  /** Slots the last outcome shown recorded otherwise than the patient's facts (benign where silent). */
  wrongFacts: { slot: SlotName; meant: unknown; recorded: unknown }[];
}

/** A small seeded generator (mulberry32), so that a draw of phrasings can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX_TURNS = 40;
// A channel without cards: the user can only type.
const TEXT_ONLY = { channelId: 'sms' };
const MAX_TRIES = 3;

/**
 * Types a whole triage through `/api/messages` on a text-only channel (no card is ever submitted):
 * `opening` first when given (a story told up front), then each question is answered with a phrasing
 * of the patient's value drawn at random (benign where the vignette is silent). An answer asked again
 * is retried with other phrasings; every miss is reported, as is a stated fact asked again. Every
 * message carries `localTimestamp` when given (the writer's date, which dates "since Monday").
 */
export async function typeTriage(
  url: string,
  conversationId: string,
  vignette: { name: string; facts: Facts; disposition: Disposition; opening?: string; localTimestamp?: string },
  phrasings: Phrasings,
  random: () => number,
): Promise<TypedTriage> {
  const answers: Facts = { ...BENIGN, ...vignette.facts };
  const stated = new Set(vignette.opening ? (Object.keys(vignette.facts) as SlotName[]) : []);
  const result: TypedTriage = { name: vignette.name, expected: vignette.disposition, asked: [], askedAgain: [], misunderstandings: [], wrongFacts: [] };
  const intended = new Map<SlotName, { value: unknown; questionId: string; text: string }>();
  let recorded: Record<string, unknown> = {};
  const see = (replies: HttpReply[]) => {
    for (const reply of replies) {
      const outcome = reply.channelData?.triage?.outcome;
      if (!outcome) continue;
      recorded = outcome.facts;
      const disposition = outcome.disposition as Disposition;
      if (!result.reached || urgencyOf(disposition) > urgencyOf(result.reached)) result.reached = disposition;
      for (const [slot, want] of intended) {
        const recorded = outcome.facts[slot];
        if (recorded !== undefined && recorded !== want.value && !result.misunderstandings.some((miss) => miss.slot === slot)) {
          result.misunderstandings.push({ questionId: want.questionId, text: want.text, kind: 'misread', slot, intended: want.value, recorded });
        }
      }
    }
    return questionOf(replies);
  };

  const fields = vignette.localTimestamp ? { ...TEXT_ONLY, localTimestamp: vignette.localTimestamp } : TEXT_ONLY;
  let pending = see(await sendMessage(url, conversationId, vignette.opening ?? 'hello', fields));
  let tries = 0;
  for (let turn = 0; pending && turn < MAX_TURNS; turn += 1) {
    result.asked.push(pending.questionId);
    const slots = pending.slots as SlotName[];
    for (const slot of slots) if (stated.has(slot) && !result.askedAgain.includes(slot)) result.askedAgain.push(slot);
    const { text, conveys } = phrase(pending.questionId, slots, answers, phrasings, random, tries);
    for (const slot of conveys) intended.set(slot, { value: answers[slot], questionId: pending.questionId, text });
    const next = see(await sendMessage(url, conversationId, text, fields));
    const again = next && next.questionId === pending.questionId;
    if (again) result.misunderstandings.push({ questionId: pending.questionId, text, kind: 'askedAgain' });
    tries = again ? tries + 1 : 0;
    if (tries >= MAX_TRIES) break;
    pending = next;
  }
  for (const [slot, value] of Object.entries(recorded) as [SlotName, unknown][]) {
    if (slot in answers && answers[slot] !== value) result.wrongFacts.push({ slot, meant: answers[slot], recorded: value });
  }
  return result;
}

/**
 * A phrasing that answers `slots` of `questionId` with the patient's values, and the slots it conveys.
 * A checklist is answered as a whole ("none of these", "just the X one", "not sure about X, the rest
 * no"); two items present are told with each one's own words.
 */
function phrase(questionId: string, slots: SlotName[], answers: Facts, phrasings: Phrasings, random: () => number, tries: number): { text: string; conveys: SlotName[] } {
  const pick = (options: string[] | undefined, fallback: string) => (options && options.length > 0 ? options[Math.floor(random() * options.length)] : fallback);
  const checklist = phrasings.checklists?.[questionId];
  if (checklist && slots.length > 1) {
    const notFalse = slots.filter((slot) => answers[slot] !== false);
    if (notFalse.length === 0) return { text: pick(checklist.none, 'none of these'), conveys: slots };
    if (notFalse.length > 1) {
      const restating = (slot: SlotName) => ((phrasings[slot] as Record<string, string[]> | undefined)?.[String(answers[slot])] ?? []).filter((text) => text.split(' ').length > 2);
      return { text: notFalse.map((slot) => pick(restating(slot), slot)).join(', and '), conveys: notFalse };
    }
    const [slot] = notFalse;
    const text = answers[slot] === true ? pick(checklist.only[slot], `only ${slot}`) : pick(checklist.unsureOnly[slot], `not sure about ${slot}`);
    return { text, conveys: slots };
  }
  const slot = slots[0];
  const value = answers[slot];
  const byValue = phrasings[slot] as Record<string, string[]> | undefined;
  if (slot === 'durationDays') return { text: pick(byValue?.[String(value)], durationInWords(value as number, tries)), conveys: [slot] };
  const canonical = value === true ? 'yes' : value === false ? 'no' : value === 'unsure' ? 'not sure' : String(value).replace(/_/g, ' ');
  return { text: tries + 1 >= MAX_TRIES ? canonical : pick(byValue?.[String(value)], canonical), conveys: [slot] };
}

/** A plain duration for a day count the phrasings do not have. */
function durationInWords(days: number, tries: number): string {
  if (days === 0) return 'today';
  const forms = [`${days} days`, `about ${days} days ago`, `${days} days now`];
  return forms[tries % forms.length];
}

/** Exact, under- and over-triaged conversations and the misunderstood answers of a set of typed triages. */
export interface TypedTriageSummary {
  conversations: number;
  exact: number;
  under: TypedTriage[];
  over: TypedTriage[];
  misunderstood: number;
  emergenciesFound: number;
  emergencies: number;
  askedAgain: number;
}

/** Sums up typed triages. */
export function summarise(runs: TypedTriage[]): TypedTriageSummary {
  const urgency = (disposition: Disposition | undefined) => (disposition ? urgencyOf(disposition) : -1);
  const emergencies = runs.filter((run) => urgencyOf(run.expected) >= urgencyOf('emergency'));
  return {
    conversations: runs.length,
    exact: runs.filter((run) => run.reached === run.expected).length,
    under: runs.filter((run) => urgency(run.reached) < urgencyOf(run.expected)),
    over: runs.filter((run) => urgency(run.reached) > urgencyOf(run.expected)),
    misunderstood: runs.reduce((sum, run) => sum + run.misunderstandings.length, 0),
    emergenciesFound: emergencies.filter((run) => urgency(run.reached) >= urgencyOf(run.expected)).length,
    emergencies: emergencies.length,
    askedAgain: runs.filter((run) => run.askedAgain.length > 0).length,
  };
}

/** The summary as lines of text; with `verbose`, each wrong conversation and answer too. */
export function formatSummary(title: string, summary: TypedTriageSummary, runs: TypedTriage[], verbose: boolean): string {
  const percent = (part: number, whole: number) => `${whole ? ((part / whole) * 100).toFixed(1) : '100.0'}%`;
  const lines = [
    `${title}: ${summary.conversations} conversations`,
    `  exact ${summary.exact}/${summary.conversations} (${percent(summary.exact, summary.conversations)}), under-triaged ${summary.under.length}, over-triaged ${summary.over.length}`,
    `  emergencies found ${summary.emergenciesFound}/${summary.emergencies}; misunderstood answers ${summary.misunderstood} (${(summary.misunderstood / Math.max(1, summary.conversations / 10)).toFixed(2)} per 10 conversations)`,
  ];
  if (runs.some((run) => run.askedAgain.length > 0) || title.includes('stor')) lines.push(`  opening facts asked again in ${summary.askedAgain}/${summary.conversations} conversations`);
  // Only with `verbose` (the tune split): a held-out split's texts are never shown.
  if (verbose) {
    for (const run of [...summary.under, ...summary.over]) lines.push(`    ${run.expected} → ${run.reached ?? 'no outcome'}: ${run.name}${run.wrongFacts.map((wrong) => ` [${wrong.slot}: ${String(wrong.meant)} → ${String(wrong.recorded)}]`).join('')}`);
    for (const run of runs) {
      for (const miss of run.misunderstandings) lines.push(`    ${miss.kind} at ${miss.questionId}: "${miss.text}"${miss.slot ? ` (${miss.slot}: meant ${String(miss.intended)}, got ${String(miss.recorded)})` : ''}`);
      if (run.askedAgain.length > 0) lines.push(`    asked again ${run.askedAgain.join(', ')}: ${run.name}`);
    }
  }
  return lines.join('\n');
}
