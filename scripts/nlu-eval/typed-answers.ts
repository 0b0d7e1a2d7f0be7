import type { Recognizer } from '../../src/nlu';
import type { Dialog, Question } from '../../src/triage/dialog-schema';
import { isRedFlagSlot } from '../../src/triage/slots';
import { clarificationQuestion } from '../../src/triage/triage-engine';

/** Typed answers by slot and value, plus checklist phrasings (the format of `shared/nlu-dev-set/typed-answers.json`). */
export interface TypedAnswers {
  [slot: string]: unknown;
  checklists?: Record<string, { none: string[]; only: Record<string, string[]>; unsureOnly: Record<string, string[]> }>;
}

/** Answers read right, per slot (and per checklist), with the misses. */
export interface TypedAnswerScore {
  name: string;
  right: number;
  total: number;
  missed: string[];
}

const valueOf = (slot: string, value: string): unknown =>
  value === 'true' ? true : value === 'false' ? false : value === 'unsure' ? 'unsure' : slot === 'durationDays' ? Number(value) : value;

/** The question a single typed answer replies to: a red flag is asked directly (`confirm-<slot>`), the rest by their own question. */
function questionFor(dialog: Dialog, slot: string): Question | undefined {
  const question = dialog.questions.find((candidate) => candidate.slots.includes(slot as never));
  if (!question || !isRedFlagSlot(slot)) return question;
  const item = question.items?.find((candidate) => candidate.slot === slot);
  return item ? clarificationQuestion(slot, item) : undefined;
}

/** Reads every phrasing as the answer to its question and compares the slot value; checklists compare every item. */
export function scoreTypedAnswers(dialog: Dialog, recognizer: Recognizer, data: TypedAnswers): TypedAnswerScore[] {
  const scores: TypedAnswerScore[] = [];
  for (const [slot, byValue] of Object.entries(data)) {
    if (slot === 'checklists') continue;
    const question = questionFor(dialog, slot);
    if (!question) continue;
    const score: TypedAnswerScore = { name: slot, right: 0, total: 0, missed: [] };
    for (const [value, texts] of Object.entries(byValue as Record<string, string[]>)) {
      for (const text of texts) {
        score.total += 1;
        const got = (recognizer.understand(text, question).facts as Record<string, unknown>)[slot];
        if (got === valueOf(slot, value)) score.right += 1;
        else score.missed.push(`${value} read as ${JSON.stringify(got)}: ${text}`);
      }
    }
    scores.push(score);
  }
  for (const [id, lists] of Object.entries(data.checklists ?? {})) {
    const question = dialog.questions.find((candidate) => candidate.id === id);
    if (!question) continue;
    const list = { ...lists, slots: question.slots as string[] };
    const score: TypedAnswerScore = { name: id, right: 0, total: 0, missed: [] };
    const cases: [string, Record<string, unknown>][] = [
      ...list.none.map((text): [string, Record<string, unknown>] => [text, Object.fromEntries(list.slots.map((slot) => [slot, false]))]),
      ...Object.entries(list.only).flatMap(([named, texts]) => texts.map((text): [string, Record<string, unknown>] => [text, Object.fromEntries(list.slots.map((slot) => [slot, slot === named]))])),
      ...Object.entries(list.unsureOnly).flatMap(([named, texts]) =>
        texts.map((text): [string, Record<string, unknown>] => [text, Object.fromEntries(list.slots.map((slot) => [slot, slot === named ? 'unsure' : false]))]),
      ),
    ];
    for (const [text, expected] of cases) {
      score.total += 1;
      const facts = recognizer.understand(text, question).facts as Record<string, unknown>;
      const got = Object.fromEntries(list.slots.map((slot) => [slot, facts[slot]]));
      if (list.slots.every((slot) => got[slot] === expected[slot])) score.right += 1;
      else score.missed.push(`${JSON.stringify(got)}: ${text}`);
    }
    scores.push(score);
  }
  return scores;
}

/** One line per slot and a total. */
export function formatTypedAnswers(name: string, scores: TypedAnswerScore[], verbose = false): string {
  const right = scores.reduce((sum, score) => sum + score.right, 0);
  const total = scores.reduce((sum, score) => sum + score.total, 0);
  const lines = [`typed answers: ${name}: ${right}/${total} (${((100 * right) / Math.max(total, 1)).toFixed(1)}%)`];
  for (const score of scores) {
    lines.push(`  ${score.name.padEnd(24)}${`${score.right}/${score.total}`.padStart(8)}`);
    if (verbose) for (const miss of score.missed) lines.push(`    ${miss}`);
  }
  return lines.join('\n');
}
