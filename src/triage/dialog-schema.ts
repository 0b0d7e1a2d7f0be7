import { z } from 'zod';
import { SLOT_NAMES, type SlotName } from './slots';

const slotName = z.enum(SLOT_NAMES as [SlotName, ...SlotName[]]);
const slotValue = z.union([z.string(), z.number(), z.boolean()]);

/** The policy's dispositions, least urgent first (the order is the urgency). */
export const DISPOSITIONS = ['self_care', 'consultation', 'consultation_24', 'emergency', 'emergency_ambulance'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const dispositionSchema = z.enum(DISPOSITIONS);

/** A condition on the facts, as data. A condition on a slot with no value is false. */
export type Condition =
  | { slot: SlotName; equals: string | number | boolean }
  | { slot: SlotName; in: (string | number | boolean)[] }
  | { slot: SlotName; notIn: (string | number | boolean)[] }
  | { slot: SlotName; atLeast: number }
  | { slot: SlotName; atMost: number }
  | { slot: SlotName; known: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ slot: slotName, equals: slotValue }),
    z.strictObject({ slot: slotName, in: z.array(slotValue).min(1) }),
    z.strictObject({ slot: slotName, notIn: z.array(slotValue).min(1) }),
    z.strictObject({ slot: slotName, atLeast: z.number() }),
    z.strictObject({ slot: slotName, atMost: z.number() }),
    z.strictObject({ slot: slotName, known: z.boolean() }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

const sources = z.array(z.string().min(1)).min(1);

/** One choice of a `choice` question: the stored value, the button label and other words for it. */
export const optionSchema = z.strictObject({
  value: slotValue,
  label: z.string().min(1),
  synonyms: z.array(z.string().min(1)).default([]),
});

/** One line of a `checklist` question: a yes / no / not sure on one boolean slot. */
export const checklistItemSchema = z.strictObject({
  slot: slotName,
  label: z.string().min(1),
  /** The same item asked on its own, as a yes/no question (used to clarify one item). */
  question: z.string().min(1),
  synonyms: z.array(z.string().min(1)).default([]),
});

/** A quick answer button for a `number` question. */
export const quickReplySchema = z.strictObject({ label: z.string().min(1), value: z.number().int().min(0) });

/** One question of the triage: what it asks, the slots it fills and when it is asked. */
export const questionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  kind: z.enum(['checklist', 'choice', 'yesNo', 'number']),
  /** The question in plain words; a checklist's items are listed after it. */
  text: z.string().min(1),
  /** Shown when an answer could not be understood. */
  hint: z.string().min(1),
  slots: z.array(slotName).min(1),
  items: z.array(checklistItemSchema).optional(),
  options: z.array(optionSchema).optional(),
  quickReplies: z.array(quickReplySchema).optional(),
  allowUnsure: z.boolean().default(false),
  /** Asked only when this holds; always asked when absent. */
  askWhen: conditionSchema.optional(),
  /** Still asked after the disposition is settled, because the plan needs it. */
  shapesPlan: z.boolean().default(false),
});

/** A rule of the policy: when it holds, the disposition is at least `disposition`. */
export const ruleSchema = z.strictObject({
  id: z.string().min(1),
  when: conditionSchema,
  disposition: dispositionSchema,
  reason: z.string().min(1),
  sources,
});

/** A block of advice, shown for the listed dispositions when its condition holds. */
export const adviceBlockSchema = z.strictObject({
  id: z.string().min(1),
  dispositions: z.array(dispositionSchema).min(1),
  when: conditionSchema.optional(),
  title: z.string().min(1),
  lines: z.array(z.string().min(1)).min(1),
  sources,
  /** Knowledge entries (ids in knowledge/) to offer with this advice ("You can also ask me: …"). */
  askMe: z.array(z.string().min(1)).default([]),
});

/** What each disposition tells the user first. */
export const dispositionTextSchema = z.strictObject({
  headline: z.string().min(1),
  action: z.string().min(1),
  /** Knowledge entries (ids in knowledge/) to offer with this disposition. */
  askMe: z.array(z.string().min(1)).default([]),
});

const messageKeys = [
  'help', 'offTopic', 'suggestions', 'tooLong', 'restarted', 'forgotten', 'noEarlierAnswer', 'wentBack', 'unusableFields',
  'notConcluded', 'soFar', 'unchanged', 'afterOutcome', 'clinicNotified', 'askMe', 'confirm', 'keptEarlier', 'changedSafer',
  'why', 'turnError', 'unreadable', 'correctionAsk', 'correctionConfirmed', 'correctionKept',
] as const;

/** The bot's own sentences (help, fallbacks, confirmations); `{placeholders}` are filled when rendered. */
export const messagesSchema = z.strictObject(
  Object.fromEntries(messageKeys.map((key) => [key, z.string().min(1)])) as Record<(typeof messageKeys)[number], z.ZodString>,
);
export type MessageKey = (typeof messageKeys)[number];

/** The whole decision graph of `dialogs/triage.json`. */
export const dialogSchema = z.strictObject({
  version: z.string().min(1),
  welcome: z.string().min(1),
  questions: z.array(questionSchema).min(1),
  rules: z.array(ruleSchema).min(1),
  /** The lowest disposition reached when no rule holds. */
  defaultDisposition: dispositionSchema,
  /** The reason given when no rule above the default holds. */
  defaultReason: z.string().min(1),
  /** Short words for each slot value, for confirmations ("Got it: lower back, 2 days") and summaries. */
  factLabels: z.record(z.string(), z.record(z.string(), z.string().min(1))),
  dispositions: z.record(dispositionSchema, dispositionTextSchema),
  advice: z.array(adviceBlockSchema),
  messages: messagesSchema,
  /** After an emergency outcome, the replies that confirm an answer was wrong (compared lower-case, without punctuation). */
  correctionConfirmations: z.array(z.string().min(1)).min(1),
  /** Plain titles of the sources cited by id in rules, advice and knowledge entries. */
  sources: z.record(z.string(), z.string().min(1)),
  safetyNet: z.strictObject({ title: z.string().min(1), lines: z.array(z.string().min(1)).min(1), sources }),
});

export type Dialog = z.infer<typeof dialogSchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuestionOption = z.infer<typeof optionSchema>;
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type AdviceBlock = z.infer<typeof adviceBlockSchema>;
