import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pino from 'pino';
import type { EscalationRequest } from '../src/escalation/escalation-alert';
import { EscalationService } from '../src/escalation/escalation-service';
import { WebhookDestination } from '../src/escalation/webhook-destination';
import { PROJECT_ROOT } from '../src/content/project-root';
import { GuardedBlobsStorage } from '../src/state/guarded-blobs-storage';
import { startAzurite, type Azurite } from './support/azurite';
import { eventually, TestReceiver } from './support/escalation-receiver';
import fixtures from './fixtures/escalation-requests.json';

const requests = fixtures as unknown as Record<string, EscalationRequest>;
const run = promisify(execFile);
const CONTAINER = 'dead-letters';

let azurite: Azurite;
let receiver: TestReceiver;
let receiverPort: number;
let receiverUp = false;
const services: EscalationService[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
  receiver = new TestReceiver(() => (receiverUp ? 200 : 500));
  receiverPort = await receiver.listen();
});
afterAll(async () => {
  for (const service of services) service.stop();
  await Promise.all(services.map((service) => service.drain(5_000)));
  await receiver?.close();
  await azurite?.stop();
});

/** Runs `npm run dead-letters -- <args>` as an operator would (through tsx, against the bot's configured store). */
async function deadLetters(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: CONTAINER };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--require', 'tsx/cjs', 'scripts/dead-letters.ts', ...args], { cwd: PROJECT_ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function botService(): EscalationService {
  const service = new EscalationService({
    store: new GuardedBlobsStorage(azurite.connectionString, CONTAINER),
    destinations: [new WebhookDestination({ url: `http://127.0.0.1:${receiverPort}/alerts`, secret: 's' })],
    dispositions: ['emergency'],
    logger: pino({ level: 'silent' }),
    retry: { initialDelayMs: 20, maxDelayMs: 40, maxAgeMs: 200 },
    sweepIntervalMs: 100,
  });
  services.push(service);
  return service;
}

it('lists an alert the webhook never accepted, without its facts, and re-sends it to the running bot\'s receiver', async () => {
  const bot = botService();
  await bot.start();
  const result = await bot.escalate(requests.caudaEquina);
  if (!result.notifying) throw new Error('expected an alert');
  await eventually(async () => (await bot.deadLetters()).length === 1);

  const listed = await deadLetters('list');
  expect(listed.code).toBe(0);
  expect(listed.stdout).toContain(result.alertId);
  expect(listed.stdout).toMatch(/emergency\s+msteams\/conv-cauda-1\s+not accepted by: webhook/);
  expect(listed.stdout).not.toMatch(/bladder|lifting|EMERGENCY/);

  receiverUp = true;
  const before = receiver.requests.length;
  const resent = await deadLetters('resend', result.alertId);
  expect(resent.code).toBe(0);
  await eventually(() => receiver.requests.length > before);
  expect(receiver.requests.at(-1)!.headers['idempotency-key']).toBe(result.alertId);
  await eventually(async () => (await bot.pendingAlertIds()).length === 0);
  expect((await deadLetters('list')).stdout).toContain('No dead letters.');
  expect((await deadLetters('resend', 'no-such-alert')).code).toBe(1);
});
