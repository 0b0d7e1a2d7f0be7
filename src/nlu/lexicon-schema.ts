import { z } from 'zod';
import { ENUM_SLOT_VALUES, RED_FLAG_SLOTS, type RedFlagSlot } from '../triage/slots';

const phrase = z.string().trim().min(1);
const phrases = z.array(phrase);
/** A combo part: a phrase, or `@NAME` for a concept of the lexicon. */
const combo = z.array(phrase).min(1);

/** How one red-flag slot is said: phrases alone, combos of parts in one clause, and vague mentions to ask about. */
export const redFlagLexiconSchema = z.strictObject({
  phrases,
  combos: z.array(combo),
  unclear: z.array(combo),
  /** Plain mentions that count only when negated ("bladder and bowels are fine" → false). */
  negatedOnly: phrases.default([]),
  /** Words that, in the same clause, mean the mention is not this red flag (e.g. "diet" for weight loss). */
  notWith: phrases.default([]),
  /** Slots whose overlapping mention this one replaces (the more specific, more urgent reading). */
  supersedes: z.array(z.enum(RED_FLAG_SLOTS)).default([]),
  /** A past mention still counts (a history of cancer, osteoporosis): historical context does not drop it. */
  historyCounts: z.boolean().default(false),
  /** The mention carries its own date ("chemo two years ago", "lost 10 pounds in 2 months"): not the back pain's. */
  ownDates: z.boolean().default(false),
});

const enumFacts = <K extends keyof typeof ENUM_SLOT_VALUES>(slot: K) =>
  z.strictObject(
    Object.fromEntries(ENUM_SLOT_VALUES[slot].map((value) => [value, phrases])) as Record<(typeof ENUM_SLOT_VALUES)[K][number], typeof phrases>,
  ).partial();

/** A yes/no fact in words; `unsure` phrases mean "not sure" for this slot only ("comes and goes" for improving). */
const booleanFact = z.strictObject({ true: phrases, false: phrases, unsure: phrases.default([]) });

/** The whole lexicon of `dialogs/lexicon.json`. */
export const lexiconSchema = z.strictObject({
  version: z.string().min(1),
  about: z.string().optional(),
  concepts: z.record(z.string().regex(/^[A-Z][A-Z_]*$/), phrases.min(1)),
  redFlags: z.strictObject(
    Object.fromEntries(RED_FLAG_SLOTS.map((slot) => [slot, redFlagLexiconSchema])) as Record<RedFlagSlot, typeof redFlagLexiconSchema>,
  ),
  negation: z.strictObject({
    before: phrases.min(1),
    after: phrases,
    pseudo: phrases,
    uncertain: phrases,
    /** Doubt said after a mention (", not sure if that's normal", "… maybe?"): the red flag is confirmed, not taken. */
    doubtsAfter: phrases.default([]),
    terminations: phrases,
    /** Words that end a clause: a mention's context and a combo's parts stay within one clause. */
    clauseBreaks: phrases.min(1),
  }),
  /**
   * Who a mention is about. `proxy`: the writer types for someone else ("asking for my wife"), who is then the
   * patient; `othersHistory`: words that keep a mention someone else's even then ("runs in the family").
   */
  experiencer: z.strictObject({ others: phrases, self: phrases.min(1), proxy: phrases.default([]), othersHistory: phrases.default([]) }),
  /**
   * ConText's historical property: `past` words in a mention's clause ("years ago", "last winter") and
   * `resolved` words after it in its sentence ("gone now", "fine once I stood up") make it not current.
   */
  history: z.strictObject({ past: phrases, resolved: phrases }),
  /** Fixed expressions that look like a red flag and are not one ("chest day", "fell asleep", "wet myself laughing"). */
  lookAlikes: phrases.default([]),
  /** Words that bring in someone's advice or the writer's plan ("told me to", "thinking of"): the facts after them in their clause are not the pain's. */
  reported: phrases.default([]),
  /**
   * How a sentence asks: `starts` (its first words), `cues` anywhere ("should I"), `auxiliaries` (verbs
   * that ask when they open a clause before its subject: "is it…", "…, would heat be better"; of them,
   * `auxiliariesNeedingSubject` also open statements, "did squats on sat", so they ask at a sentence's start
   * only before a pronoun or with "?"), and `hypothetical` words.
   */
  questions: z.strictObject({ starts: phrases, cues: phrases, auxiliaries: phrases, auxiliariesNeedingSubject: phrases, hypothetical: phrases }),
  /**
   * Yes / no / not sure; `bare` are the ones that also answer at the end of a message ("shivery yes");
   * `denialsAfterYes` turn a yes word before them into a no ("definitely not"); `filler` are the words an
   * option's answer may carry and still be the whole answer ("I think it's mostly the lower one").
   */
  answers: z.strictObject({
    yes: phrases.min(1),
    no: phrases.min(1),
    unsure: phrases.min(1),
    bare: phrases.default([]),
    denialsAfterYes: phrases.default([]),
    filler: phrases.default([]),
  }),
  /** Cues of a checklist answer; `rest` says the items not named are no ("no to the rest"). */
  checklist: z.strictObject({ none: phrases.min(1), all: phrases, only: phrases, unsure: phrases, rest: phrases }),
  commands: z.strictObject({ restart: phrases.min(1), help: phrases.min(1), back: phrases.min(1), forgetMe: phrases.min(1), why: phrases.min(1) }),
  facts: z.strictObject({
    location: enumFacts('location'),
    onset: enumFacts('onset'),
    character: enumFacts('character'),
    radiation: enumFacts('radiation'),
    workoutTiming: enumFacts('workoutTiming'),
    bothSides: booleanFact,
    swellingOrBruising: booleanFact,
    improving: booleanFact,
    pregnant: booleanFact,
    worseWithCoughSitting: booleanFact,
    fattyMeals: booleanFact,
  }),
  durations: z.strictObject({
    units: z.record(z.string().min(1), z.number().min(0)),
    quantities: z.record(z.string().min(1), z.number().min(0)),
    relative: z.record(z.string().min(1), z.number().int().min(0)),
    weekdays: z.array(phrase).length(7),
    weekend: phrases,
    /** Words right after a duration that mean it is not the pain's ("20 weeks pregnant", "40 years old"). */
    excludeWith: phrases,
    /** Words right before a duration that mean it is not the pain's ("first time in ages", "first session back in months"). */
    excludeAfter: phrases,
    /** Words that name the pain: of two durations, the one said in a sentence naming it is the pain's ("crossfit for 2 years … the pain started two days ago"). */
    painWords: phrases,
  }),
});

export type Lexicon = z.infer<typeof lexiconSchema>;
export type RedFlagLexicon = z.infer<typeof redFlagLexiconSchema>;
