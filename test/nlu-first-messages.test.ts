import { readFileSync } from 'node:fs';
import { FIRST_MESSAGE_SPLITS } from '../scripts/eval-nlu';
import { formatFirstMessages, runFirstMessages, tally, type FirstMessage } from '../scripts/nlu-eval/first-messages';
import { evalToday } from '../scripts/nlu-eval/eval-date';
import { createRecognizer } from '../src/nlu';
import { loadDialog } from '../src/triage/load-dialog';

// The tune split only: the held-out split is reported by `npm run eval:nlu` and never tuned or asserted on.
const dialog = loadDialog();
const entries = JSON.parse(readFileSync(FIRST_MESSAGE_SPLITS.find(({ split }) => split === 'tune')!.file, 'utf8')) as FirstMessage[];
const results = runFirstMessages(dialog, createRecognizer(dialog, undefined, { now: evalToday }), entries);

describe('first messages written outside the lexicon (tune split), through the turn logic', () => {
  it('reaches the red flag level on the first reply or after one direct confirmation for most red-flag messages', () => {
    console.log(formatFirstMessages('tune', results));
    const flagged = tally(results.filter(({ entry }) => entry.expect !== 'none'));
    expect((flagged.exact + flagged.afterConfirmation) / flagged.total).toBeGreaterThanOrEqual(0.85);
  });

  it('gives every chest and major-trauma message told plainly the ambulance advice', () => {
    const ambulance = tally(results.filter(({ entry }) => entry.expect === 'emergency_ambulance' && entry.category === 'emergency'));
    expect(ambulance.under).toBeLessThanOrEqual(1);
  });

  it('does not escalate most questions, past history, other people and look-alikes', () => {
    const quiet = tally(results.filter(({ entry }) => entry.expect === 'none'));
    expect(quiet.over / quiet.total).toBeLessThanOrEqual(0.15);
    expect(quiet.confirmations / quiet.total).toBeLessThanOrEqual(0.1);
    const hypothetical = tally(results.filter(({ entry }) => entry.category === 'hypothetical'));
    expect(hypothetical.over / hypothetical.total).toBeLessThanOrEqual(0.05);
  });
});
