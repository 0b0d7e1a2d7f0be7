import type { Recognizer } from '../../src/nlu';
import type { Dialog } from '../../src/triage/dialog-schema';
import { parseSlotValues, type Facts, type SlotName } from '../../src/triage/slots';
import { TriageEngine } from '../../src/triage/triage-engine';
import { runVignette } from '../../test/support/run-vignette';
import { seededRandom, typeTriage, type Phrasings, type TypedTriage } from '../../test/support/typed-triage';
import type { Vignette } from '../../test/support/vignettes';
import { evalLocalTimestamp, evalToday } from './eval-date';

/** A story told up front (`test/fixtures/nlu/stories.*.json`): its text and every fact it states about the patient. */
export interface Story {
  text: string;
  slots: Record<string, unknown>;
  note?: string;
  /** The writer's date (YYYY-MM-DD) where the story names a weekday but not today's; EVAL_DATE when absent. */
  writtenOn?: string;
}

/** Types every vignette once per seed, each in a new conversation on the bot at `url`. */
export async function typeVignettes(url: string, vignettes: Vignette[], phrasings: Phrasings, seeds: number[], prefix: string): Promise<TypedTriage[]> {
  const runs: TypedTriage[] = [];
  for (const seed of seeds) {
    const random = seededRandom(seed);
    for (const [index, vignette] of vignettes.entries()) runs.push(await typeTriage(url, `${prefix}-${seed}-${index}`, { ...vignette, localTimestamp: evalLocalTimestamp() }, phrasings, random));
  }
  return runs;
}

/**
 * Tells each story as the first message, then types the rest of the triage. The expected disposition is
 * the one a card-clicking user with the story's facts gets (benign where the story is silent).
 */
export async function typeStories(url: string, dialog: Dialog, stories: Story[], phrasings: Phrasings, seed: number, prefix: string): Promise<TypedTriage[]> {
  const engine = new TriageEngine(dialog);
  const random = seededRandom(seed);
  const runs: TypedTriage[] = [];
  for (const [index, story] of stories.entries()) {
    const facts = storyFacts(story);
    const disposition = runVignette(engine, facts).outcome.disposition;
    runs.push(await typeTriage(url, `${prefix}-${index}`, { name: story.text, facts, disposition, opening: story.text, localTimestamp: evalLocalTimestamp(story.writtenOn) }, phrasings, random));
  }
  return runs;
}

/** The story's facts, validated against the slot contract. */
export function storyFacts(story: Story): Facts {
  const parsed = parseSlotValues(story.slots);
  const bad = [...parsed.unknownSlots, ...parsed.invalidSlots];
  if (bad.length > 0) throw new Error(`Story "${story.text.slice(0, 40)}…": bad slots ${bad.join(', ')}`);
  return parsed.facts;
}

/** How the facts of stories are read from the first message alone: found, missed, wrong and invented per slot. */
export interface StoryReading {
  stated: number;
  found: number;
  missed: { slot: SlotName; text: string }[];
  wrong: { slot: SlotName; text: string; stated: unknown; read: unknown }[];
  invented: { slot: SlotName; text: string; read: unknown }[];
}

/** Reads each story as a first message (the emergency screen pending) and compares the facts with the stated ones. */
export function readStories(dialog: Dialog, recognizer: Recognizer, stories: Story[]): StoryReading {
  const reading: StoryReading = { stated: 0, found: 0, missed: [], wrong: [], invented: [] };
  for (const story of stories) {
    const stated = storyFacts(story) as Record<string, unknown>;
    const read = recognizer.understand(story.text, dialog.questions[0], evalToday(story.writtenOn)).facts as Record<string, unknown>;
    for (const [slot, value] of Object.entries(stated)) {
      reading.stated += 1;
      if (read[slot] === value) reading.found += 1;
      else if (read[slot] === undefined) reading.missed.push({ slot: slot as SlotName, text: story.text });
      else reading.wrong.push({ slot: slot as SlotName, text: story.text, stated: value, read: read[slot] });
    }
    for (const [slot, value] of Object.entries(read)) {
      if (!(slot in stated) && value !== false) reading.invented.push({ slot: slot as SlotName, text: story.text, read: value });
    }
  }
  return reading;
}

/** The reading as lines of text. */
export function formatStoryReading(title: string, reading: StoryReading, verbose: boolean): string {
  const lines = [
    `${title}: facts read from the story alone ${reading.found}/${reading.stated} (${((reading.found / Math.max(1, reading.stated)) * 100).toFixed(1)}%); missed ${reading.missed.length}, read wrong ${reading.wrong.length}, not stated but read ${reading.invented.length}`,
  ];
  if (verbose) {
    for (const miss of reading.wrong) lines.push(`    wrong ${miss.slot}: stated ${String(miss.stated)}, read ${String(miss.read)}: ${miss.text}`);
    for (const miss of reading.invented) lines.push(`    invented ${miss.slot}=${String(miss.read)}: ${miss.text}`);
    for (const miss of reading.missed) lines.push(`    missed ${miss.slot}: ${miss.text}`);
  }
  return lines.join('\n');
}
