import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/content/project-root';
import { createRecognizer } from '../src/nlu';
import type { Recognizer, Understanding } from '../src/nlu';
import { loadDialog } from '../src/triage/load-dialog';
import { formatFirstMessages, runFirstMessages, type FirstMessage } from './nlu-eval/first-messages';
import { formatTypedAnswers, scoreTypedAnswers, type TypedAnswers } from './nlu-eval/typed-answers';
import { EMERGENCY_SLOTS, RED_FLAG_SLOTS, type RedFlagSlot } from '../src/triage/slots';

/** One labelled utterance of `test/fixtures/nlu-corpus.json`. */
export interface CorpusEntry {
  text: string;
  kind: 'positive' | 'negated' | 'other' | 'question' | 'benign' | 'unclear';
  /** Slot values the message states; a red flag set to true must be detected. */
  expect: Record<string, unknown>;
  /** Red flags the message mentions too vaguely to tell (to be asked directly). */
  unclear?: RedFlagSlot[];
}

/** Recall of one red-flag slot over the corpus. */
export interface SlotRecall {
  slot: RedFlagSlot;
  level: 'emergency' | 'urgent';
  positives: number;
  detected: number;
  recall: number;
  missed: string[];
}

/** The corpus evaluation: recall per red-flag slot and specificity over negated, other-person, question and benign messages. */
export interface CorpusEvaluation {
  slots: SlotRecall[];
  nonEscalating: number;
  escalatedWrongly: string[];
  specificity: number;
  negatedRead: number;
  negatedExpected: number;
}

/** The corpus file. */
export const CORPUS_FILE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'nlu-corpus.json');

/** Reads the labelled corpus. */
export function loadCorpus(file = CORPUS_FILE): CorpusEntry[] {
  return JSON.parse(readFileSync(file, 'utf8')) as CorpusEntry[];
}

/** A message escalates when any red flag reads as present or not sure (both reach at least consultation_24). */
export function escalates(understanding: Understanding): boolean {
  return RED_FLAG_SLOTS.some((slot) => understanding.facts[slot] === true || understanding.facts[slot] === 'unsure');
}

/** Runs the recognizer over the corpus (no pending question: free text on any turn). */
export function evaluateCorpus(recognizer: Recognizer, corpus: CorpusEntry[]): CorpusEvaluation {
  const results = corpus.map((entry) => ({ entry, understood: recognizer.understand(entry.text) }));
  const slots = RED_FLAG_SLOTS.map((slot): SlotRecall => {
    const positives = results.filter(({ entry }) => entry.expect[slot] === true);
    const missed = positives.filter(({ understood }) => understood.facts[slot] !== true).map(({ entry }) => entry.text);
    const level = (EMERGENCY_SLOTS as readonly string[]).includes(slot) ? 'emergency' : 'urgent';
    return { slot, level, positives: positives.length, detected: positives.length - missed.length, recall: positives.length ? (positives.length - missed.length) / positives.length : 1, missed };
  });
  const quiet = results.filter(({ entry }) => entry.kind !== 'positive');
  const escalatedWrongly = quiet.filter(({ understood }) => escalates(understood)).map(({ entry }) => entry.text);
  const negatedChecks = results.flatMap(({ entry, understood }) =>
    Object.entries(entry.expect)
      .filter(([, value]) => value === false)
      .map(([slot]) => understood.facts[slot as RedFlagSlot] === false),
  );
  return {
    slots,
    nonEscalating: quiet.length - escalatedWrongly.length,
    escalatedWrongly,
    specificity: quiet.length ? (quiet.length - escalatedWrongly.length) / quiet.length : 1,
    negatedRead: negatedChecks.filter(Boolean).length,
    negatedExpected: negatedChecks.length,
  };
}

/** The evaluation as a plain-text table. */
export function formatEvaluation(evaluation: CorpusEvaluation): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(7);
  const lines = ['slot              level      found/total  recall'];
  for (const slot of evaluation.slots) {
    lines.push(`${slot.slot.padEnd(18)}${slot.level.padEnd(11)}${`${slot.detected}/${slot.positives}`.padStart(11)}  ${percent(slot.recall)}`);
    for (const text of slot.missed) lines.push(`    missed: ${text}`);
  }
  const quietTotal = evaluation.nonEscalating + evaluation.escalatedWrongly.length;
  lines.push(`specificity (negated, someone else, questions, benign, unclear): ${evaluation.nonEscalating}/${quietTotal} ${percent(evaluation.specificity)}`);
  for (const text of evaluation.escalatedWrongly) lines.push(`    escalated: ${text}`);
  lines.push(`negated red flags read as false: ${evaluation.negatedRead}/${evaluation.negatedExpected}`);
  return lines.join('\n');
}

/** The labelled first messages of the project: `tune` is tuned on, `heldout` is only ever measured. */
export const FIRST_MESSAGE_SPLITS = ['tune', 'heldout'].map((split) => ({ split, file: path.join(PROJECT_ROOT, 'test', 'fixtures', 'nlu', `first-messages.${split}.json`) }));
/** The development set written outside the project (shared/nlu-dev-set), beside the checkout when present. */
export const DEV_SET_DIR = path.join(PROJECT_ROOT, '..', 'shared', 'nlu-dev-set');

if (require.main === module) {
  const verbose = process.argv.includes('--verbose');
  const dialog = loadDialog();
  const recognizer = createRecognizer(dialog);
  const out: string[] = [formatEvaluation(evaluateCorpus(recognizer, loadCorpus()))];
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
  for (const { split, file } of FIRST_MESSAGE_SPLITS) out.push(formatFirstMessages(split, runFirstMessages(dialog, recognizer, read(file) as FirstMessage[]), verbose && split === 'tune'));
  if (existsSync(DEV_SET_DIR)) {
    out.push(formatFirstMessages('shared/nlu-dev-set', runFirstMessages(dialog, recognizer, read(path.join(DEV_SET_DIR, 'first-messages.json')) as FirstMessage[]), verbose));
    out.push(formatTypedAnswers('shared/nlu-dev-set', scoreTypedAnswers(dialog, recognizer, read(path.join(DEV_SET_DIR, 'typed-answers.json')) as TypedAnswers), verbose));
  } else {
    out.push(`(no development set at ${DEV_SET_DIR})`);
  }
  process.stdout.write(`${out.join('\n\n')}\n`);
}
