import type { Activity } from 'botbuilder';
import type { Question } from '../../triage/dialog-schema';
import type { SlotName } from '../../triage/slots';
import { deepFreeze } from '../../triage/deep-freeze';
import { adaptiveCard } from './render-context';

const ANSWER_CHOICES = [
  { title: 'Yes', value: 'true' },
  { title: 'No', value: 'false' },
  { title: 'Not sure', value: 'unsure' },
];

// Each question renders to a few activities at most (one per set of pending slots, with or without the
// hint), and every user gets the same ones: they are built once per question and frozen, so that no
// turn can change what another turn sends (botbuilder copies an activity before addressing it).
const rendered = new WeakMap<Question, Map<string, Partial<Activity>>>();

/**
 * A question as one message: complete text (options numbered, so a channel without cards works),
 * an Adaptive Card whose input ids and submit keys are slot names, and `channelData.triage`. The
 * result is shared and deeply frozen.
 */
export function questionActivity(question: Question, pendingSlots: SlotName[], withHint: boolean): Partial<Activity> {
  let byVariant = rendered.get(question);
  if (!byVariant) {
    byVariant = new Map();
    rendered.set(question, byVariant);
  }
  const variant = `${withHint}:${pendingSlots.join(',')}`;
  let activity = byVariant.get(variant);
  if (!activity) {
    activity = deepFreeze(renderQuestion(question, [...pendingSlots], withHint));
    byVariant.set(variant, activity);
  }
  return activity;
}

function renderQuestion(question: Question, pendingSlots: SlotName[], withHint: boolean): Partial<Activity> {
  const lead = withHint ? `Sorry, I didn't catch that. ${question.hint}\n\n` : '';
  return {
    type: 'message',
    text: `${lead}${questionText(question, pendingSlots)}`,
    attachments: [questionCard(question, pendingSlots, withHint)],
    channelData: { triage: { questionId: question.id, slots: pendingSlots } },
  };
}

function questionText(question: Question, pendingSlots: SlotName[]): string {
  switch (question.kind) {
    case 'checklist': {
      const items = (question.items ?? []).filter((item) => pendingSlots.includes(item.slot));
      const lines = items.map((item, index) => `${index + 1}. ${item.label}`);
      return `${question.text}\n\n${lines.join('\n')}\n\nAnswer yes, no or not sure for each, or say "none of these".`;
    }
    case 'choice':
      return `${question.text}\n\n${(question.options ?? []).map((option, index) => `${index + 1}. ${option.label}`).join('\n')}`;
    case 'yesNo':
      return `${question.text} (${question.allowUnsure ? 'yes / no / not sure' : 'yes / no'})`;
    case 'number':
      return question.text;
  }
}

function questionCard(question: Question, pendingSlots: SlotName[], withHint: boolean) {
  const heading = { type: 'TextBlock', text: question.text, wrap: true, weight: 'Bolder' };
  const hint = withHint ? [{ type: 'TextBlock', text: question.hint, wrap: true, isSubtle: true }] : [];
  const slot = question.slots[0];
  switch (question.kind) {
    case 'checklist': {
      const items = (question.items ?? []).filter((item) => pendingSlots.includes(item.slot));
      const inputs = items.map((item) => ({
        type: 'Input.ChoiceSet',
        id: item.slot,
        label: item.label,
        style: 'expanded',
        isRequired: true,
        errorMessage: 'Please choose yes, no or not sure.',
        choices: ANSWER_CHOICES,
      }));
      const noneOfThese = Object.fromEntries(items.map((item) => [item.slot, 'false']));
      return adaptiveCard(
        [heading, ...hint, ...inputs],
        [
          { type: 'Action.Submit', title: 'None of these', data: noneOfThese, associatedInputs: 'none' },
          { type: 'Action.Submit', title: 'Continue' },
        ],
      );
    }
    case 'choice':
      return adaptiveCard(
        [heading, ...hint],
        (question.options ?? []).map((option) => ({ type: 'Action.Submit', title: option.label, data: { [slot]: option.value } })),
      );
    case 'yesNo':
      return adaptiveCard(
        [heading, ...hint],
        ANSWER_CHOICES.filter((choice) => question.allowUnsure || choice.value !== 'unsure').map((choice) => ({
          type: 'Action.Submit',
          title: choice.title,
          data: { [slot]: choice.value },
        })),
      );
    case 'number':
      return adaptiveCard(
        [
          heading,
          ...hint,
          {
            type: 'ActionSet',
            actions: (question.quickReplies ?? []).map((reply) => ({
              type: 'Action.Submit',
              title: reply.label,
              data: { [slot]: reply.value },
              associatedInputs: 'none',
            })),
          },
          { type: 'Input.Number', id: slot, label: 'Or type the number of days', min: 0, max: 36500, placeholder: 'Days since it started', isRequired: true, errorMessage: 'Please enter a number of days.' },
        ],
        [{ type: 'Action.Submit', title: 'Send' }],
      );
  }
}
