import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_DIALOG_FILE, loadDialog } from '../src/triage/load-dialog';
import { SLOT_NAMES } from '../src/triage/slots';

function withDialog(change: (dialog: Record<string, any>) => void): string {
  const dialog = JSON.parse(readFileSync(DEFAULT_DIALOG_FILE, 'utf8'));
  change(dialog);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'dialog-')), 'triage.json');
  writeFileSync(file, JSON.stringify(dialog));
  return file;
}

describe('loading dialogs/triage.json', () => {
  it('loads the decision graph, which asks every slot of the policy exactly once', () => {
    const dialog = loadDialog();
    const asked = dialog.questions.flatMap((question) => question.slots);
    expect([...asked].sort()).toEqual([...SLOT_NAMES].sort());
  });

  it('names the file and the field of a bad value', () => {
    const file = withDialog((dialog) => {
      dialog.questions[2].kind = 'essay';
    });
    expect(() => loadDialog(file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*questions\\.2\\.kind`));
  });

  it('rejects a rule on a value the slot does not have', () => {
    const file = withDialog((dialog) => {
      dialog.rules[0].when = { slot: 'radiation', equals: 'to the moon' };
    });
    expect(() => loadDialog(file)).toThrow(/rules\.0\.when: "to the moon" is not a value of radiation/);
  });

  it('rejects a choice question that leaves out a value of its slot', () => {
    const file = withDialog((dialog) => {
      const location = dialog.questions.find((question: { id: string }) => question.id === 'location');
      location.options = location.options.slice(0, 2);
    });
    expect(() => loadDialog(file)).toThrow(/no option for location = "upper"/);
  });
});
