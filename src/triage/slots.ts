import { z } from 'zod';

// Slot names and values are the contract of shared/triage-policy.md ("Slots"): tests, the outcome
// event and the evaluation use these exact names.

/** The emergency screen of the policy, asked first. */
export const EMERGENCY_SLOTS = ['bladderBowel', 'saddleNumbness', 'bothLegsWeak', 'chestSymptoms', 'majorTrauma'] as const;

/** The urgent screen of the policy (each true → consultation_24). */
export const URGENT_SLOTS = [
  'fever',
  'weightLoss',
  'cancerHistory',
  'legWeakness',
  'legNumbness',
  'nightPain',
  'urinarySymptoms',
  'osteoporosis',
] as const;

/** Every red-flag slot: the emergency screen, then the urgent screen. */
export const RED_FLAG_SLOTS = [...EMERGENCY_SLOTS, ...URGENT_SLOTS] as const;

/** Boolean slots that are not red flags. */
export const OTHER_BOOLEAN_SLOTS = ['improving', 'worseWithCoughSitting', 'pregnant', 'fattyMeals', 'bothSides', 'swellingOrBruising'] as const;

/** The values of the slots that take one of a fixed set. */
export const ENUM_SLOT_VALUES = {
  location: ['lower', 'middle', 'upper'],
  onset: ['lifting_twisting', 'workout', 'posture', 'gradual', 'unknown'],
  character: ['dull_ache', 'sharp', 'shooting_burning', 'stiffness'],
  radiation: ['none', 'buttock_thigh', 'below_knee'],
  workoutTiming: ['during', 'next_day'],
} as const;

export type RedFlagSlot = (typeof RED_FLAG_SLOTS)[number];
export type BooleanSlot = RedFlagSlot | (typeof OTHER_BOOLEAN_SLOTS)[number];
export type EnumSlot = keyof typeof ENUM_SLOT_VALUES;

/** A yes/no answer; `unsure` is the user's "not sure". */
export type Tristate = boolean | 'unsure';

// Each slot's value as the triage holds it (native JSON values only): what a stored record may contain.
const tristateValue = z.union([z.boolean(), z.literal('unsure')]);
// The policy: "whole number of days since it started (0 = today)". A cap keeps nonsense out.
const durationDaysValue = z.number().int().min(0).max(36500);

// Untrusted input (a card submit) may also carry values as strings ("true", " lower", "3").
const tristate = z.preprocess((raw) => {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}, tristateValue);
const durationDays = z.preprocess((raw) => (typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : raw), durationDaysValue);
const enumSlot = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((raw) => (typeof raw === 'string' ? raw.trim() : raw), z.enum(values));

const BOOLEAN_SLOTS = [...RED_FLAG_SLOTS, ...OTHER_BOOLEAN_SLOTS];

/** One zod schema per slot; each accepts native JSON values and the strings a card submits. */
export const SLOT_SCHEMAS = {
  ...(Object.fromEntries(BOOLEAN_SLOTS.map((slot) => [slot, tristate])) as Record<BooleanSlot, typeof tristate>),
  location: enumSlot(ENUM_SLOT_VALUES.location),
  onset: enumSlot(ENUM_SLOT_VALUES.onset),
  character: enumSlot(ENUM_SLOT_VALUES.character),
  radiation: enumSlot(ENUM_SLOT_VALUES.radiation),
  workoutTiming: enumSlot(ENUM_SLOT_VALUES.workoutTiming),
  durationDays,
};

/** Facts as the triage holds and stores them: any slot may be missing, values are native, no other key is allowed. */
export const FACTS_SCHEMA = z.strictObject({
  ...(Object.fromEntries(BOOLEAN_SLOTS.map((slot) => [slot, tristateValue.optional()])) as Record<BooleanSlot, z.ZodOptional<typeof tristateValue>>),
  location: z.enum(ENUM_SLOT_VALUES.location).optional(),
  onset: z.enum(ENUM_SLOT_VALUES.onset).optional(),
  character: z.enum(ENUM_SLOT_VALUES.character).optional(),
  radiation: z.enum(ENUM_SLOT_VALUES.radiation).optional(),
  workoutTiming: z.enum(ENUM_SLOT_VALUES.workoutTiming).optional(),
  durationDays: durationDaysValue.optional(),
});

/** Every slot name of the policy. */
export type SlotName = keyof typeof SLOT_SCHEMAS;

/** Every slot name of the policy, in the policy's order. */
export const SLOT_NAMES = Object.keys(SLOT_SCHEMAS) as SlotName[];

/** The facts collected in a triage: each slot's value once known. */
export type Facts = { [S in SlotName]?: z.output<(typeof SLOT_SCHEMAS)[S]> };

/** A slot's value as stored in `Facts`. */
export type SlotValue = NonNullable<Facts[SlotName]>;

/** True when `name` is one of the policy's slot names. */
export function isSlotName(name: string): name is SlotName {
  return Object.prototype.hasOwnProperty.call(SLOT_SCHEMAS, name);
}

/** True when `slot` is a red-flag slot (emergency or urgent screen). */
export function isRedFlagSlot(slot: string): slot is RedFlagSlot {
  return (RED_FLAG_SLOTS as readonly string[]).includes(slot);
}

/** The result of reading untrusted slot → value pairs (a card submit): the valid facts and what was refused. */
export interface ParsedSlotValues {
  facts: Facts;
  unknownSlots: string[];
  invalidSlots: SlotName[];
}

/** Validates untrusted slot → value pairs; never throws. Unknown names and bad values are reported, not kept. */
export function parseSlotValues(input: Record<string, unknown>): ParsedSlotValues {
  const facts: Record<string, unknown> = {};
  const unknownSlots: string[] = [];
  const invalidSlots: SlotName[] = [];
  for (const [name, raw] of Object.entries(input)) {
    if (!isSlotName(name)) {
      unknownSlots.push(name);
      continue;
    }
    const parsed = SLOT_SCHEMAS[name].safeParse(raw);
    if (parsed.success) facts[name] = parsed.data;
    else invalidSlots.push(name);
  }
  return { facts: facts as Facts, unknownSlots, invalidSlots };
}
