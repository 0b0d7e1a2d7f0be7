import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/content/project-root';
import { createRecognizer } from '../src/nlu';
import { evalToday } from './nlu-eval/eval-date';
import type { Recognizer, Understanding } from '../src/nlu';
import { loadDialog } from '../src/triage/load-dialog';
import { formatFirstMessages, runFirstMessages, type FirstMessage } from './nlu-eval/first-messages';
import { formatKnowledgeQuestions, runKnowledgeQuestions, type KnowledgeQuestion } from './nlu-eval/knowledge-questions';
import { KnowledgeBase } from '../src/knowledge';
import { formatTypedAnswers, scoreTypedAnswers, type TypedAnswers } from './nlu-eval/typed-answers';
import { formatStoryReading, readStories, typeStories, typeVignettes, type Story } from './nlu-eval/typed-triages';
import { startBotServer } from '../test/support/bot-server';
import { formatSummary, summarise, type Phrasings } from '../test/support/typed-triage';
import { loadVignettes } from '../test/support/vignettes';
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

/** The project's typed-answer phrasings and stories, by split: `tune` is tuned on, `heldout` only measured. */
const fixture = (name: string) => path.join(PROJECT_ROOT, 'test', 'fixtures', 'nlu', name);
const SPLITS = ['tune', 'heldout'] as const;
// Three random draws of phrasings per vignette (issue 13's measure).
const DRAWS = [1, 2, 3];

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const dialog = loadDialog();
  const recognizer = createRecognizer(dialog, undefined, { now: evalToday });
  const out: string[] = [formatEvaluation(evaluateCorpus(recognizer, loadCorpus()))];
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
  for (const { split, file } of FIRST_MESSAGE_SPLITS) out.push(formatFirstMessages(split, runFirstMessages(dialog, recognizer, read(file) as FirstMessage[]), verbose && split === 'tune'));
  const hasDevSet = existsSync(DEV_SET_DIR);
  if (hasDevSet) {
    out.push(formatFirstMessages('shared/nlu-dev-set', runFirstMessages(dialog, recognizer, read(path.join(DEV_SET_DIR, 'first-messages.json')) as FirstMessage[]), verbose));
    out.push(formatTypedAnswers('shared/nlu-dev-set', scoreTypedAnswers(dialog, recognizer, read(path.join(DEV_SET_DIR, 'typed-answers.json')) as TypedAnswers), verbose));
  } else {
    out.push(`(no development set at ${DEV_SET_DIR})`);
  }
  for (const split of SPLITS) {
    out.push(formatTypedAnswers(`typed answers, ${split}`, scoreTypedAnswers(dialog, recognizer, read(fixture(`typed-answers.${split}.json`)) as TypedAnswers), verbose && split === 'tune'));
    out.push(formatStoryReading(`stories, ${split}`, readStories(dialog, recognizer, read(fixture(`stories.${split}.json`)) as Story[]), verbose && split === 'tune'));
  }
  // Issue 14: questions as people ask them, bare and inside stories (written without reading the entries).
  const knowledge = KnowledgeBase.load();
  for (const split of SPLITS) {
    const questions = read(path.join(PROJECT_ROOT, 'test', 'fixtures', 'knowledge', `questions.${split}.json`)) as KnowledgeQuestion[];
    out.push(formatKnowledgeQuestions(split, runKnowledgeQuestions(dialog, recognizer, knowledge, questions), verbose && split === 'tune'));
  }

  // One scripted client sends thousands of turns: the per-client limit is lifted.
  const server = await startBotServer({ RATE_LIMIT_PER_MINUTE_CLIENT: '0' });
  try {
    const vignettes = loadVignettes();
    const phrasingSets: [string, Phrasings][] = SPLITS.map((split) => [split, read(fixture(`typed-answers.${split}.json`)) as Phrasings]);
    if (hasDevSet) phrasingSets.push(['shared/nlu-dev-set', read(path.join(DEV_SET_DIR, 'typed-answers.json')) as Phrasings]);
    for (const [name, phrasings] of phrasingSets) {
      const runs = await typeVignettes(server.url, vignettes, phrasings, DRAWS, `eval-${name}`);
      out.push(formatSummary(`typed triages (${vignettes.length} vignettes × ${DRAWS.length} draws), ${name} phrasings`, summarise(runs), runs, verbose && name === 'tune'));
    }
    for (const split of SPLITS) {
      const runs = await typeStories(server.url, dialog, read(fixture(`stories.${split}.json`)) as Story[], phrasingSets.find(([name]) => name === split)![1], 1, `eval-story-${split}`);
      out.push(formatSummary(`stories told up front, then typed, ${split}`, summarise(runs), runs, verbose && split === 'tune'));
    }
  } finally {
    await server.close();
  }
  process.stdout.write(`${out.join('\n\n')}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
