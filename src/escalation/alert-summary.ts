import type { Disposition } from '../triage/dialog-schema';
import { EMERGENCY_SLOTS, isRedFlagSlot, RED_FLAG_SLOTS, type Facts, type RedFlagSlot, type SlotName } from '../triage/slots';
import type { FactCorrection } from './escalation-alert';

/** The first words of an alert, by disposition, for a clinician (policy: "Dispositions"). */
export const DISPOSITION_HEADLINES: Record<Disposition, string> = {
  emergency_ambulance: 'EMERGENCY — ambulance advised',
  emergency: 'EMERGENCY — emergency department advised',
  consultation_24: 'URGENT — see a doctor within 24 hours',
  consultation: 'Consultation advised in the next few days',
  self_care: 'Self-care advised',
};

/** Each red flag in a clinician's words, after the meanings in the policy's emergency and urgent screens. */
export const RED_FLAG_WORDS: Record<RedFlagSlot, string> = {
  bladderBowel: 'new loss of bladder or bowel control or trouble passing urine (possible cauda equina)',
  saddleNumbness: 'saddle numbness (possible cauda equina)',
  bothLegsWeak: 'weakness in both legs',
  chestSymptoms: 'chest pain, pressure or shortness of breath',
  majorTrauma: 'onset after major trauma',
  fever: 'fever or chills',
  weightLoss: 'unexplained weight loss',
  cancerHistory: 'history of cancer',
  legWeakness: 'new weakness in one leg or foot',
  legNumbness: 'numbness or tingling in a leg or foot',
  nightPain: 'severe pain not eased by rest, or night pain',
  urinarySymptoms: 'urinary symptoms or flank pain',
  osteoporosis: 'osteoporosis or long-term steroids with sudden onset',
};

const ONSET_WORDS = {
  lifting_twisting: 'started lifting or twisting',
  workout: 'started with a workout',
  posture: 'posture-related',
  gradual: 'gradual onset',
  unknown: 'onset unknown',
} as const;

const CHARACTER_WORDS = {
  dull_ache: 'dull ache',
  sharp: 'sharp',
  shooting_burning: 'shooting or burning',
  stiffness: 'stiffness',
} as const;

const RADIATION_WORDS = {
  none: 'stays in the back',
  buttock_thigh: 'spreads to buttock or thigh',
  below_knee: 'spreads below the knee',
} as const;

function describePain(facts: Facts): string[] {
  const parts: string[] = [];
  parts.push(facts.location ? `${facts.location[0].toUpperCase()}${facts.location.slice(1)} back pain` : 'Back pain');
  if (facts.durationDays !== undefined) {
    parts.push(facts.durationDays === 0 ? 'since today' : `${facts.durationDays} day${facts.durationDays === 1 ? '' : 's'}`);
  }
  if (facts.onset) parts.push(ONSET_WORDS[facts.onset]);
  if (facts.character) parts.push(CHARACTER_WORDS[facts.character]);
  if (facts.radiation) parts.push(RADIATION_WORDS[facts.radiation]);
  if (facts.improving === true) parts.push('improving');
  if (facts.improving === false) parts.push('not improving');
  if (facts.worseWithCoughSitting === true) parts.push('worse with coughing or sitting');
  if (facts.workoutTiming) parts.push(facts.workoutTiming === 'during' ? 'felt during the workout' : 'felt the next day');
  if (facts.bothSides === true) parts.push('both sides');
  if (facts.swellingOrBruising === true) parts.push('swelling or bruising');
  if (facts.pregnant === true) parts.push('pregnant');
  if (facts.fattyMeals === true) parts.push('after fatty meals');
  return parts;
}

/** A slot's value in a clinician's words: yes, no, not sure, or the value itself. */
function valueWords(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (value === 'unsure') return 'not sure';
  return value === undefined ? 'no answer' : String(value).replaceAll('_', ' ');
}

/** A slot in a clinician's words: the red flag's meaning, or the slot name. */
function slotWords(slot: SlotName): string {
  return isRedFlagSlot(slot) ? RED_FLAG_WORDS[slot] : slot;
}

/** The first lines of a follow-up: which earlier alert it follows, and each answer the user corrected ("… [bladderBowel] to no, was yes"). */
function correctionLines(correction: NonNullable<SummaryInput['correction']>, disposition: Disposition): string[] {
  return [
    `FOLLOW-UP to the earlier alert (${DISPOSITION_HEADLINES[correction.follows]}): the user corrected an answer after the advice, and confirmed it.`,
    ...correction.changes.map((change) => `The user corrected ${slotWords(change.slot)} [${change.slot}] to ${valueWords(change.to)} (was ${valueWords(change.from)}).`),
    `The advice now: ${DISPOSITION_HEADLINES[disposition]}. The user was told to act on the earlier advice until the correction was confirmed.`,
  ];
}

/** The parts of a summary; `userText` is included only when the caller passes it (ESCALATION_INCLUDE_USER_TEXT). */
export interface SummaryInput {
  disposition: Disposition;
  redFlags: RedFlagSlot[];
  facts: Facts;
  reasons: string[];
  userText?: string;
  /** Set for a follow-up to an earlier alert (see `EscalationRequest.correction`). */
  correction?: { follows: Disposition; changes: FactCorrection[] };
}

/**
 * A short plain-text summary for the clinician: the disposition, the red flags (by name and slot), the
 * emergency-screen items the user was unsure of, the pain as collected, and the reasons. Pure.
 */
export function buildAlertSummary({ disposition, redFlags, facts, reasons, userText, correction }: SummaryInput): string {
  const lines: string[] = correction ? correctionLines(correction, disposition) : [];
  const flags = RED_FLAG_SLOTS.filter((slot) => redFlags.includes(slot));
  lines.push(
    flags.length > 0
      ? `${DISPOSITION_HEADLINES[disposition]}. Red flags: ${flags.map((slot) => `${RED_FLAG_WORDS[slot]} [${slot}]`).join('; ')}.`
      : `${DISPOSITION_HEADLINES[disposition]}.`,
  );
  // Policy: "not sure" on the emergency screen gives at least consultation_24, so the clinician needs to see which.
  const unsure = EMERGENCY_SLOTS.filter((slot) => facts[slot] === 'unsure');
  if (unsure.length > 0) lines.push(`Unsure about: ${unsure.map((slot) => `${RED_FLAG_WORDS[slot]} [${slot}]`).join('; ')}.`);
  lines.push(`${describePain(facts).join(', ')}.`);
  if (reasons.length > 0) lines.push(`Why: ${reasons.join(' ')}`);
  if (userText) lines.push(`In their words: "${userText}"`);
  return lines.join('\n');
}
