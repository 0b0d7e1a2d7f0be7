import path from 'node:path';
import { ContentError } from '../content/content-error';
import { PROJECT_ROOT } from '../content/project-root';
import { readJsonFile } from '../content/read-json-file';
import { dialogSchema, DISPOSITIONS, type Condition, type Dialog } from './dialog-schema';
import { ENUM_SLOT_VALUES, SLOT_SCHEMAS, type SlotName } from './slots';

/** Where the decision graph lives when no other path is given. */
export const DEFAULT_DIALOG_FILE = path.join(PROJECT_ROOT, 'dialogs', 'triage.json');

/** Loads `dialogs/triage.json`, validates its shape and its cross-references; throws a ContentError naming the field. */
export function loadDialog(file = DEFAULT_DIALOG_FILE): Dialog {
  const dialog = readJsonFile(file, dialogSchema);
  const problems = crossCheck(dialog);
  if (problems.length > 0) throw new ContentError(file, problems);
  return dialog;
}

function crossCheck(dialog: Dialog): string[] {
  const problems: string[] = [];
  const seenIds = new Set<string>();
  const askedSlots = new Set<SlotName>();
  dialog.questions.forEach((question, index) => {
    const at = `questions.${index}`;
    if (seenIds.has(question.id)) problems.push(`${at}.id: duplicate question id "${question.id}"`);
    seenIds.add(question.id);
    for (const slot of question.slots) {
      if (askedSlots.has(slot)) problems.push(`${at}.slots: slot "${slot}" is already asked by an earlier question`);
      askedSlots.add(slot);
    }
    if (question.kind === 'checklist') {
      const itemSlots = (question.items ?? []).map((item) => item.slot);
      if (itemSlots.join() !== question.slots.join()) problems.push(`${at}.items: must list the question's slots, in order`);
    }
    if (question.kind === 'choice') {
      if (!question.options?.length) problems.push(`${at}.options: a choice question needs options`);
      question.options?.forEach((option, optionIndex) => {
        if (!SLOT_SCHEMAS[question.slots[0]].safeParse(option.value).success) {
          problems.push(`${at}.options.${optionIndex}.value: "${String(option.value)}" is not a value of ${question.slots[0]}`);
        }
      });
      const slot = question.slots[0];
      if (slot in ENUM_SLOT_VALUES) {
        const values = ENUM_SLOT_VALUES[slot as keyof typeof ENUM_SLOT_VALUES] as readonly string[];
        const offered = new Set(question.options?.map((option) => option.value));
        for (const value of values) if (!offered.has(value)) problems.push(`${at}.options: no option for ${slot} = "${value}"`);
      }
    }
    if (question.kind !== 'checklist' && question.slots.length !== 1) problems.push(`${at}.slots: only a checklist fills several slots`);
    if (question.askWhen) checkCondition(question.askWhen, `${at}.askWhen`, problems);
  });
  dialog.rules.forEach((rule, index) => checkCondition(rule.when, `rules.${index}.when`, problems));
  dialog.advice.forEach((block, index) => block.when && checkCondition(block.when, `advice.${index}.when`, problems));
  for (const disposition of DISPOSITIONS) {
    if (!dialog.dispositions[disposition]) problems.push(`dispositions.${disposition}: missing`);
  }
  return problems;
}

function checkCondition(condition: Condition, at: string, problems: string[]): void {
  if ('all' in condition) return condition.all.forEach((inner, i) => checkCondition(inner, `${at}.all.${i}`, problems));
  if ('any' in condition) return condition.any.forEach((inner, i) => checkCondition(inner, `${at}.any.${i}`, problems));
  if ('not' in condition) return checkCondition(condition.not, `${at}.not`, problems);
  const values = 'equals' in condition ? [condition.equals] : 'in' in condition ? condition.in : 'notIn' in condition ? condition.notIn : [];
  for (const value of values) {
    if (!SLOT_SCHEMAS[condition.slot].safeParse(value).success) {
      problems.push(`${at}: "${String(value)}" is not a value of ${condition.slot}`);
    }
  }
}
