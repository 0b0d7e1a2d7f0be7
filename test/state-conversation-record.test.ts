import { readConversationRecord, readStoredRecord, RECORD_VERSION } from '../src/conversation/conversation-record';

/** A record as the bot stores it mid-triage (the emergency screen answered, location and onset known). */
function storedRecord(facts: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    recordVersion: RECORD_VERSION,
    graphVersion: '2026-11-21.1',
    triage: {
      value: 'duration',
      context: {
        facts: { bladderBowel: false, saddleNumbness: false, bothLegsWeak: 'unsure', chestSymptoms: false, majorTrauma: false, location: 'lower', onset: 'workout', durationDays: 0, ...facts },
        history: [['bladderBowel', 'saddleNumbness', 'bothLegsWeak', 'chestSymptoms', 'majorTrauma'], ['location'], ['onset']],
        clarify: ['bothLegsWeak'],
        announced: 'consultation_24',
      },
    },
    lastDisposition: 'consultation_24',
    locale: 'en-GB',
    updatedAt: '2026-11-21T06:00:00.000Z',
  };
}

describe('readConversationRecord (what a stored conversation must look like to be resumed)', () => {
  it('reads back a record the bot stored, every answer intact', () => {
    const raw = storedRecord();
    expect(readConversationRecord(JSON.parse(JSON.stringify(raw)))).toEqual(raw);
  });

  it.each([
    ['an unknown slot', { sciatica: true }, 'sciatica'],
    ['a yes/no answer stored as text', { fever: 'true' }, 'fever'],
    ['a location outside the policy', { location: 'neck' }, 'location'],
    ['a negative duration', { durationDays: -1 }, 'durationDays'],
    ['a fractional duration', { durationDays: 1.5 }, 'durationDays'],
  ])('resumes a record with %s, leaving out only that fact (and its answer) and naming its slot', (_what, facts, slot) => {
    const { record, droppedFacts } = readStoredRecord(storedRecord(facts));
    const expected = storedRecord() as { triage: { context: { facts: Record<string, unknown>; history: string[][] } } };
    const kept = { ...expected.triage.context.facts };
    delete kept[slot];
    expect(droppedFacts).toEqual([slot]);
    expect(record!.triage.context.facts).toEqual(kept);
    expect(record!.triage.context.history.flat()).not.toContain(slot);
  });

  it('resumes a record with an inherited key without letting it reach the facts or any prototype', () => {
    const { record } = readStoredRecord(storedRecord(JSON.parse('{"__proto__": {"fever": true}}') as Record<string, unknown>));
    expect(Object.keys(record!.triage.context.facts)).not.toContain('__proto__');
    expect(record!.triage.context.facts.fever).toBeUndefined();
    expect(Object.getPrototypeOf(record!.triage.context.facts)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).fever).toBeUndefined();
  });

  it('does not resume a record of another record version, or anything that is not a record', () => {
    expect(readConversationRecord({ ...storedRecord(), recordVersion: RECORD_VERSION + 1 })).toBeUndefined();
    for (const raw of [undefined, null, 'record', 42, [], {}]) expect(readConversationRecord(raw)).toBeUndefined();
  });
});
