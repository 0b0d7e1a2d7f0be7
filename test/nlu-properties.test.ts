import fc from 'fast-check';
import { escalates, loadCorpus } from '../scripts/eval-nlu';
import { createRecognizer } from '../src/nlu';
import { loadDialog } from '../src/triage/load-dialog';
import { RED_FLAG_SLOTS, type RedFlagSlot } from '../src/triage/slots';

const recognizer = createRecognizer(loadDialog());
const corpus = loadCorpus();

// Benign messages: the corpus's own, and ones composed from everyday parts.
const benignSentence = fc.oneof(
  fc.constantFrom(...corpus.filter((entry) => entry.kind === 'benign').map((entry) => entry.text)),
  fc
    .tuple(
      fc.constantFrom('my lower back hurts', 'sore upper back', 'my back is stiff', 'dull ache in my back', 'sharp pain when I twist', 'back feels tight'),
      fc.constantFrom('after the gym', 'since I moved house', 'from sitting all day', 'after gardening', 'for no reason', 'after a long drive', ''),
      fc.constantFrom('for 3 days', 'since yesterday', 'for about two weeks', 'today', ''),
    )
    .map((parts) => parts.filter(Boolean).join(' ')),
);
const negatedTail = fc.constantFrom('no fever', "I don't have numbness", 'No fever.', 'and I do not have any numbness');
const joiner = fc.constantFrom('. ', ', ', ' and ', '! ', '; ');

const redFlagSentences: [string, RedFlagSlot][] = corpus
  .filter((entry) => entry.kind === 'positive')
  .map((entry) => [entry.text, Object.keys(entry.expect).find((slot) => (RED_FLAG_SLOTS as readonly string[]).includes(slot)) as RedFlagSlot]);

describe('properties of red-flag reading', () => {
  it('appending "no fever" or "I don\'t have numbness" to a benign message never escalates', () => {
    fc.assert(
      fc.property(benignSentence, joiner, negatedTail, (benign, join, tail) => {
        expect(escalates(recognizer.understand(`${benign}${join}${tail}`))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('prefixing a red-flag sentence with a benign sentence still detects it', () => {
    fc.assert(
      fc.property(benignSentence, fc.constantFrom('. ', '! ', '\n'), fc.constantFrom(...redFlagSentences), (benign, join, [sentence, slot]) => {
        expect(recognizer.understand(`${benign}${join}${sentence}`).facts[slot]).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
