import { evaluateCorpus, formatEvaluation, loadCorpus } from '../scripts/eval-nlu';
import { createRecognizer } from '../src/nlu';
import { loadDialog } from '../src/triage/load-dialog';

// Targets of issue 4: every emergency statement escalates, ≥95% of urgent ones, ≥95% of the rest do not.
const recognizer = createRecognizer(loadDialog());
const corpus = loadCorpus();
const evaluation = evaluateCorpus(recognizer, corpus);

describe('the labelled corpus (test/fixtures/nlu-corpus.json)', () => {
  it('has at least 220 utterances and several positive phrasings for every red-flag slot', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(220);
    for (const slot of evaluation.slots) expect({ slot: slot.slot, enough: slot.positives >= 6 }).toEqual({ slot: slot.slot, enough: true });
  });

  it('reports recall per red-flag slot and specificity', () => {
    // The table is printed so that a failing run shows what was missed.
    console.log(formatEvaluation(evaluation));
    for (const slot of evaluation.slots) {
      const target = slot.level === 'emergency' ? 1 : 0.95;
      expect({ slot: slot.slot, missed: slot.recall >= target ? [] : slot.missed }).toEqual({ slot: slot.slot, missed: [] });
    }
    expect(evaluation.specificity).toBeGreaterThanOrEqual(0.95);
  });

  it('reads negated red flags as false, not just as absent', () => {
    expect(evaluation.negatedRead / evaluation.negatedExpected).toBeGreaterThanOrEqual(0.95);
  });

  it('asks about vague mentions rather than escalating or ignoring them', () => {
    for (const entry of corpus.filter((item) => item.kind === 'unclear')) {
      const understood = recognizer.understand(entry.text);
      expect({ text: entry.text, unclear: understood.unclearRedFlags }).toEqual({ text: entry.text, unclear: expect.arrayContaining(entry.unclear ?? []) });
    }
  });
});
