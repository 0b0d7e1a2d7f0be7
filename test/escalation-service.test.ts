import { createHmac } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import pino from 'pino';
import { DeliveryError, type AlertDestination, type EscalationRequest } from '../src/escalation/escalation-alert';
import { EscalationService, type EscalationServiceOptions } from '../src/escalation/escalation-service';
import type { KeyValueStore, StoreItems } from '../src/escalation/key-value-store';
import { WebhookDestination } from '../src/escalation/webhook-destination';
import { eventually, freePort, TestReceiver, type Answer } from './support/escalation-receiver';
import fixtures from './fixtures/escalation-requests.json';

const requests = fixtures as unknown as Record<string, EscalationRequest>;
const SECRET = 'escalation-test-secret';
const ALERTING = ['emergency_ambulance', 'emergency', 'consultation_24'] as const;

let services: EscalationService[] = [];
let receivers: TestReceiver[] = [];
let logLines: Array<Record<string, unknown>> = [];

afterEach(async () => {
  for (const service of services) service.stop();
  await Promise.all(services.map((service) => service.drain(5_000)));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  services = [];
  receivers = [];
  logLines = [];
});

async function startReceiver(answer?: Answer, port?: number): Promise<{ receiver: TestReceiver; url: string }> {
  const receiver = new TestReceiver(answer);
  receivers.push(receiver);
  const listening = await receiver.listen(port);
  return { receiver, url: `http://127.0.0.1:${listening}/escalations` };
}

const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });

/** A service with short backoff so the suite stays fast; the production defaults are minutes, not milliseconds. */
function createService(options: Partial<EscalationServiceOptions> & { url?: string }): EscalationService {
  const { url, ...rest } = options;
  const service = new EscalationService({
    store: new MemoryStorage(),
    destinations: url ? [new WebhookDestination({ url, secret: SECRET, timeoutMs: 5_000 })] : [],
    dispositions: ALERTING,
    logger,
    retry: { initialDelayMs: 50, maxDelayMs: 200 },
    attemptTimeoutMs: 10_000,
    leaseMs: 15_000,
    sweepIntervalMs: 100,
    ...rest,
  });
  services.push(service);
  return service;
}

async function settled(service: EscalationService): Promise<void> {
  await eventually(async () => (await service.pendingAlertIds()).length === 0);
}

function attemptLines(alertId: string) {
  return logLines.filter((line) => line.event === 'escalation.attempt' && line.alertId === alertId);
}

describe('EscalationService', () => {
  it('alerts only for the configured dispositions, and only with a destination', async () => {
    const { url } = await startReceiver();
    const service = createService({ url });
    expect(service.shouldAlert('emergency')).toBe(true);
    expect(service.shouldAlert('self_care')).toBe(false);
    expect(await service.escalate(requests.selfCare)).toEqual({ notifying: false });
    expect(createService({}).shouldAlert('emergency')).toBe(false);
  });

  it('delivers one alert with a valid signature, the issue 7 body and no user text by default', async () => {
    const { receiver, url } = await startReceiver();
    const service = createService({ url });
    const result = await service.escalate(requests.caudaEquina);
    if (!result.notifying) throw new Error('expected an alert');
    await settled(service);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`);
    expect(request.headers['idempotency-key']).toBe(result.alertId);
    const body = JSON.parse(request.body);
    expect(Object.keys(body).sort()).toEqual(
      ['conversation', 'createdAt', 'disposition', 'facts', 'id', 'redFlags', 'summary', 'type', 'user'].sort(),
    );
    expect(body).toMatchObject({
      type: 'triage.escalation',
      id: result.alertId,
      disposition: 'emergency',
      redFlags: ['bladderBowel', 'saddleNumbness'],
      facts: requests.caudaEquina.facts,
      conversation: { id: 'conv-cauda-1', channelId: 'msteams' },
      user: { id: 'user-1' },
    });
    expect(body.summary).toMatch(/^EMERGENCY/);
    expect(body.summary).not.toContain(requests.caudaEquina.userText);
  });

  it('puts the user text in the summary when the deployment turns it on', async () => {
    const { receiver, url } = await startReceiver();
    const service = createService({ url, includeUserText: true });
    await service.escalate(requests.caudaEquina);
    await settled(service);
    expect(JSON.parse(receiver.requests[0].body).summary).toContain(requests.caudaEquina.userText);
  });

  it('sends exactly once more to a receiver that fails twice, with the same Idempotency-Key, and logs each attempt without personal data', async () => {
    const { receiver, url } = await startReceiver((index) => (index < 2 ? 500 : 200));
    const service = createService({ url });
    const result = await service.escalate(requests.caudaEquina);
    if (!result.notifying) throw new Error('expected an alert');
    await settled(service);
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((request) => request.headers['idempotency-key']))).toEqual(new Set([result.alertId]));
    expect(new Set(receiver.requests.map((request) => request.body)).size).toBe(1);

    const attempts = attemptLines(result.alertId);
    expect(attempts.map((line) => [line.attempt, line.status, line.reason])).toEqual([
      [1, 'failed', 'HTTP 500'],
      [2, 'failed', 'HTTP 500'],
      [3, 'delivered', undefined],
    ]);
    expect(attempts.every((line) => line.conversationId === 'conv-cauda-1' && line.destination === 'webhook')).toBe(true);
    expect(attempts.slice(0, 2).every((line) => typeof line.nextRetryAt === 'string')).toBe(true);
    expect(logLines.filter((line) => line.event === 'escalation.created')).toHaveLength(1);
    const logged = JSON.stringify(logLines);
    for (const secretOrPersonal of [SECRET, 'bladderBowel', 'lifting_twisting', 'EMERGENCY', requests.caudaEquina.userText as string]) {
      expect(logged).not.toContain(secretOrPersonal);
    }
  });

  it('delivers once to a receiver that is down at the red flag and starts 2 seconds later', async () => {
    const port = await freePort();
    const service = createService({ url: `http://127.0.0.1:${port}/escalations` });
    const result = await service.escalate(requests.caudaEquina);
    if (!result.notifying) throw new Error('expected an alert');
    await eventually(() => attemptLines(result.alertId).some((line) => line.reason === 'connection failed: ECONNREFUSED'));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const { receiver } = await startReceiver(undefined, port);
    await settled(service);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].headers['idempotency-key']).toBe(result.alertId);
  });

  it('resolves escalate() while the receiver is still holding the first attempt open', async () => {
    const { receiver, url } = await startReceiver((index) => (index === 0 ? 'hang' : 200));
    const service = createService({ url });
    // If escalate waited for delivery it could not resolve: the receiver answers only after release().
    await service.escalate(requests.caudaEquina);
    await receiver.waitForRequests(1);
    expect(receiver.openRequests).toBe(1);
    receiver.release(200);
    await settled(service);
    expect(receiver.requests).toHaveLength(1);
  });

  it('abandons an attempt the receiver never answers and retries it', async () => {
    const { receiver, url } = await startReceiver((index) => (index === 0 ? 'hang' : 200));
    const service = createService({ url, attemptTimeoutMs: 300, leaseMs: 2_000 });
    const result = await service.escalate(requests.unsureScreen);
    if (!result.notifying) throw new Error('expected an alert');
    await settled(service);
    expect(receiver.requests.map((request) => request.headers['idempotency-key'])).toEqual([result.alertId, result.alertId]);
    expect(attemptLines(result.alertId).map((line) => [line.status, line.reason])).toEqual([
      ['failed', 'timed out'],
      ['delivered', undefined],
    ]);
  });

  it('does not re-send to a destination that accepted while another one is retried', async () => {
    const { receiver, url } = await startReceiver();
    let calls = 0;
    const flaky: AlertDestination = {
      name: 'flaky',
      async deliver() {
        calls += 1;
        if (calls < 3) throw new DeliveryError('not yet');
      },
    };
    const service = createService({ destinations: [new WebhookDestination({ url, secret: SECRET }), flaky] });
    await service.escalate(requests.caudaEquina);
    await settled(service);
    expect(calls).toBe(3);
    expect(receiver.requests).toHaveLength(1);
  });

  it('delivers after a restart what the stopped instance left in the outbox', async () => {
    const store = new MemoryStorage();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/escalations`;
    const first = createService({ store, url, retry: { initialDelayMs: 500, maxDelayMs: 500 } });
    const result = await first.escalate(requests.caudaEquina);
    if (!result.notifying) throw new Error('expected an alert');
    await eventually(() => attemptLines(result.alertId).length === 1);
    first.stop();
    expect(await first.drain(5_000)).toBe(true);
    expect(await first.pendingAlertIds()).toEqual([result.alertId]);

    const { receiver } = await startReceiver(undefined, port);
    const second = createService({ store, url });
    await second.start();
    await settled(second);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].headers['idempotency-key']).toBe(result.alertId);
  });

  it('sends each alert once when two started instances share one store', async () => {
    const store = new SlowStore(new MemoryStorage());
    const { receiver, url } = await startReceiver();
    // Escalated while stopped: the alerts wait in the outbox, and both instances find them at once.
    const writer = createService({ store, url });
    writer.stop();
    const alertIds: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const result = await writer.escalate(requests.caudaEquina);
      if (result.notifying) alertIds.push(result.alertId);
    }
    const first = createService({ store, url, leaseMs: 1_000, attemptTimeoutMs: 500 });
    const second = createService({ store, url, leaseMs: 1_000, attemptTimeoutMs: 500 });
    await Promise.all([first.start(), second.start()]);
    await settled(first);
    const keys = receiver.requests.map((request) => request.headers['idempotency-key']);
    expect(keys.sort()).toEqual([...alertIds].sort());
  });

  it('still delivers, from memory, when the store cannot be written', async () => {
    const { receiver, url } = await startReceiver();
    const broken: KeyValueStore = {
      read: async () => ({}),
      write: async () => {
        throw new Error('store down');
      },
      delete: async () => undefined,
    };
    const service = createService({ store: broken, url });
    const result = await service.escalate(requests.caudaEquina);
    expect(result.notifying).toBe(true);
    await settled(service);
    expect(receiver.requests).toHaveLength(1);
    expect(logLines.find((line) => line.event === 'escalation.created')?.durable).toBe(false);
  });
});

/** A store with a little random latency on every call, as a remote store has, so that instances really interleave. */
class SlowStore implements KeyValueStore {
  constructor(private readonly inner: KeyValueStore) {}
  private pause() {
    return new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
  }
  async read(keys: string[]): Promise<StoreItems> {
    await this.pause();
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    await this.pause();
    return this.inner.write(changes);
  }
  async delete(keys: string[]): Promise<void> {
    await this.pause();
    return this.inner.delete(keys);
  }
}
