import { analyze, searchTerms } from '../src/knowledge/text-analyzer';

describe('analyze', () => {
  test.each(['heat or ice?', 'should I use heat', 'what stretches help', 'my back is sore, any tips'])('reads "%s" as a question', (text) => {
    expect(analyze(text).isQuestion).toBe(true);
  });

  test.each(['lower back', '3 days', 'no', 'none of these', 'Sharp or stabbing', 'just the tingling'])(
    'reads "%s" as an answer to a triage question',
    (text) => {
      expect(analyze(text).looksLikeTriageAnswer).toBe(true);
    },
  );

  test.each(['lower back?', 'heat or ice', 'what does lower back pain mean'])('does not read "%s" as a triage answer', (text) => {
    expect(analyze(text).looksLikeTriageAnswer).toBe(false);
  });
});

describe('searchTerms', () => {
  test('drops stopwords, stems, and folds phrase synonyms into one term', () => {
    expect(searchTerms('Should I use an ice pack for my back pain?')).toEqual(['ice']);
    expect(searchTerms('stretching')).toEqual(['stretch']);
  });

  test('keeps a one-word synonym next to its canonical term', () => {
    expect(searchTerms('physio')).toEqual(['physio', 'physiotherapi']);
  });
});
