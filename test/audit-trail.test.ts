import type { Activity, Storage } from 'botbuilder';
import { AuditTrail, type AuditRecord } from '../src/audit';
import { loadConfig } from '../src/config';
import { createStorage } from '../src/state/create-storage';
import { loadDialog } from '../src/triage/load-dialog';
import { startAzurite, type Azurite } from './support/azurite';
import { eventually, TestReceiver } from './support/escalation-receiver';
import { outcomeOf, testConversation } from './support/test-conversation';

let azurite: Azurite;
const receiver = new TestReceiver();
let webhook: NodeJS.ProcessEnv;
beforeAll(async () => {
  azurite = await startAzurite();
  webhook = { ESCALATION_WEBHOOK_URL: `http://127.0.0.1:${await receiver.listen()}/alerts`, ESCALATION_WEBHOOK_SECRET: 'webhook-secret-0123456789' };
});
afterAll(async () => {
  await azurite.stop();
  await receiver.close();
});

const AT = new Date('2026-12-07T10:15:00Z');

/** An emergency told in the first message, and a fever told an hour later, in two conversations on `storage`. */
async function twoTriages(env: NodeJS.ProcessEnv, storage?: Storage): Promise<void> {
  const emergency = testConversation({ env, storage, clock: () => AT });
  expect(outcomeOf(await emergency.say("I can't feel anything when I wipe and I've wet myself"))!.disposition).toBe('emergency');
  const fever = testConversation({ env, storage: storage ?? emergency.storage, clock: () => new Date(AT.getTime() + 3_600_000) });
  const own = { conversation: { id: 'fever-conversation' } } as Partial<Activity>;
  expect(outcomeOf(await fever.say("I've had a fever and chills since yesterday", own))!.disposition).toBe('consultation_24');
}

function checkRecords(records: AuditRecord[], escalated: boolean): void {
  expect(records.map(({ disposition, redFlags, escalated, at }) => ({ disposition, redFlags, escalated, at }))).toEqual([
    { disposition: 'emergency', redFlags: expect.arrayContaining(['bladderBowel', 'saddleNumbness']), escalated, at: '2026-12-07T10:15:00.000Z' },
    { disposition: 'consultation_24', redFlags: ['fever'], escalated, at: '2026-12-07T11:15:00.000Z' },
  ]);
  for (const record of records) {
    expect(record.graph).toBe(loadDialog().version);
    expect(record.conversation).toMatch(/^[0-9a-f]{32}$/);
    // Pseudonymous: no facts, no conversation id, no text.
    expect(Object.keys(record).sort()).toEqual(['at', 'conversation', 'disposition', 'escalated', 'graph', 'redFlags']);
  }
  expect(records[0]!.conversation).not.toBe(records[1]!.conversation);
}

describe('the audit trail of outcomes and escalations', () => {
  it('keeps each outcome reached as a pseudonymous record in the in-memory store, marking those that alerted the clinicians', async () => {
    const env = { AUDIT_HASH_KEY: 'governance-key', ...webhook };
    const chat = testConversation({ env });
    await twoTriages(env, chat.storage);
    const records = await new AuditTrail(chat.storage, 'governance-key').between(new Date('2026-12-07T00:00:00Z'), new Date('2026-12-08T00:00:00Z'));
    checkRecords(records, true);
    await eventually(() => receiver.requests.length >= 2);
    // The pseudonym is a keyed hash: another key gives another one, the same key the same.
    const trail = new AuditTrail(chat.storage, 'governance-key');
    expect(trail.pseudonym('test/abc')).toBe(new AuditTrail(chat.storage, 'governance-key').pseudonym('test/abc'));
    expect(trail.pseudonym('test/abc')).not.toBe(new AuditTrail(chat.storage, 'other-key').pseudonym('test/abc'));
    // Outside the window: nothing.
    expect(await trail.between(new Date('2026-12-08T00:00:00Z'), new Date('2026-12-09T00:00:00Z'))).toEqual([]);
  });

  it('keeps them on Blob storage (Azurite), where records of concurrent turns are all kept', async () => {
    const env = { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'audit-trail', AUDIT_HASH_KEY: 'k' };
    const storage = createStorage(loadConfig(env));
    await twoTriages(env, storage);
    const trail = new AuditTrail(storage, 'k');
    // No alert destination configured: outcomes, no escalations.
    checkRecords(await trail.between(new Date('2026-12-07T00:00:00Z'), new Date('2026-12-08T00:00:00Z')), false);
    // Ten writers in the same hour at once: eTag-guarded appends lose none.
    const at = new Date('2026-12-10T09:00:00Z');
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => trail.record(`test/c${index}`, { disposition: 'self_care', redFlags: [], graph: 'v', escalated: false }, at)),
    );
    expect(await trail.between(at, new Date('2026-12-10T10:00:00Z'))).toHaveLength(10);
  });
});
