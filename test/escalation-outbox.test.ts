import type { StoreItem } from 'botbuilder';
import pino from 'pino';
import type { EscalationAlert, EscalationRequest } from '../src/escalation/escalation-alert';
import { EscalationService, type EscalationServiceOptions } from '../src/escalation/escalation-service';
import type { KeyValueStore, StoreItems } from '../src/escalation/key-value-store';
import { OUTBOX_INDEX_KEY } from '../src/escalation/outbox';
import { WebhookDestination } from '../src/escalation/webhook-destination';
import { GuardedMemoryStorage } from '../src/state/guarded-memory-storage';
import { eventually, TestReceiver, type Answer } from './support/escalation-receiver';
import fixtures from './fixtures/escalation-requests.json';

// The transactional outbox as an integrator sees it: what a webhook receiver gets when instances race,
// stores fail, processes die between the record's write and the outbox, and receivers stay down.
const requests = fixtures as unknown as Record<string, EscalationRequest>;
const SECRET = 'outbox-test-secret';

let services: EscalationService[] = [];
let receivers: TestReceiver[] = [];
let logLines: Array<Record<string, unknown>> = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });

afterEach(async () => {
  for (const service of services) service.stop();
  await Promise.all(services.map((service) => service.drain(5_000)));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  services = [];
  receivers = [];
  logLines = [];
});

async function startReceiver(answer?: Answer): Promise<{ receiver: TestReceiver; url: string }> {
  const receiver = new TestReceiver(answer);
  receivers.push(receiver);
  return { receiver, url: `http://127.0.0.1:${await receiver.listen()}/alerts` };
}

function createService(options: Partial<EscalationServiceOptions> & { url: string }): EscalationService {
  const { url, ...rest } = options;
  const service = new EscalationService({
    store: new GuardedMemoryStorage(),
    destinations: [new WebhookDestination({ url, secret: SECRET })],
    dispositions: ['emergency_ambulance', 'emergency', 'consultation_24'],
    logger,
    retry: { initialDelayMs: 50, maxDelayMs: 100 },
    leaseMs: 15_000,
    sweepIntervalMs: 50,
    ...rest,
  });
  services.push(service);
  return service;
}

/** The Idempotency-Keys of the requests a receiver accepted (answered 2xx). */
function accepted(receiver: TestReceiver, answer: Answer = () => 200): string[] {
  return receiver.requests
    .filter((_request, index) => {
      const status = answer(index);
      return typeof status === 'number' && status < 300;
    })
    .map((request) => String(request.headers['idempotency-key']));
}

/** Holds the first `count` reads of `key` until all of them have arrived, so that their writers surely race. */
class RacingStore implements KeyValueStore {
  private waiting: Array<() => void> = [];
  constructor(
    private readonly inner: GuardedMemoryStorage,
    private readonly key: string,
    private count: number,
  ) {}
  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    if (keys.includes(this.key) && this.count > 0) {
      await new Promise<void>((release) => {
        this.waiting.push(release);
        if (this.waiting.length === this.count) {
          this.count = 0;
          this.waiting.splice(0).forEach((go) => go());
        }
      });
    }
    return items;
  }
  write(changes: StoreItems) {
    return this.inner.write(changes);
  }
  delete(keys: string[]) {
    return this.inner.delete(keys);
  }
  create(key: string, item: StoreItem) {
    return this.inner.create(key, item);
  }
}

describe('the outbox in the store', () => {
  it('keeps both ids when two instances write the first index entry at the same moment', async () => {
    const { url } = await startReceiver(() => 503);
    const store = new RacingStore(new GuardedMemoryStorage(), OUTBOX_INDEX_KEY, 2);
    const options = { store, url, retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 } };
    const [first, second] = [createService(options), createService(options)];
    const results = await Promise.all([first.escalate(requests.caudaEquina), second.escalate(requests.unsureScreen)]);
    const ids = results.map((result) => (result.notifying ? result.alertId : 'none'));
    expect((await first.pendingAlertIds()).sort()).toEqual(ids.sort());
  });

  it('queues an alert once however often it is released, also after it was delivered', async () => {
    const { receiver, url } = await startReceiver();
    const store = new GuardedMemoryStorage();
    const service = createService({ store, url });
    const alert = service.prepare(requests.caudaEquina)!;
    await Promise.all([service.release([alert]), createService({ store, url }).release([alert])]);
    await eventually(async () => (await service.pendingAlertIds()).length === 0);
    // A late mover (a turn that read the record before the alert left it) releases it again.
    expect(await service.release([alert])).toEqual([alert.id]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(accepted(receiver)).toEqual([alert.id]);
  });

  it('delivers, after a restart, an alert whose record was saved when the process died before the outbox write', async () => {
    const { receiver, url } = await startReceiver();
    const store = new GuardedMemoryStorage();
    const records = new Map<string, EscalationAlert[]>();
    const committedAlerts = async (source: string) => records.get(source) ?? [];
    const dying = createService({ store, url, committedAlerts });
    const alert = dying.prepare(requests.caudaEquina)!;
    await dying.stage(alert, 'triage/webchat/c1');
    records.set('triage/webchat/c1', [alert]);
    // The process dies here: the record carries the alert, the outbox does not have it.
    dying.stop();

    const restarted = createService({ store, url, committedAlerts });
    await restarted.start();
    await eventually(async () => (await restarted.pendingAlertIds()).length === 0);
    expect(accepted(receiver)).toEqual([alert.id]);
    expect(logLines.some((line) => line.event === 'escalation.recovered' && line.alertId === alert.id)).toBe(true);
  });

  it('drops a staged alert whose record was never written (the turn failed), without delivering it', async () => {
    const { receiver, url } = await startReceiver();
    const store = new GuardedMemoryStorage();
    const service = createService({ store, url, committedAlerts: async () => [], stageGraceMs: 200 });
    const alert = service.prepare(requests.caudaEquina)!;
    await service.stage(alert, 'triage/webchat/never-saved');
    await service.start();
    expect(await service.pendingAlertIds()).toEqual([alert.id]);
    await eventually(async () => (await service.pendingAlertIds()).length === 0);
    expect(receiver.requests).toEqual([]);
  });

  it('recovers an alert whose outbox write failed, from the record that carries it', async () => {
    const { receiver, url } = await startReceiver();
    const inner = new GuardedMemoryStorage();
    let failing = false;
    const refuse = () => {
      if (failing) throw new Error('store busy');
    };
    const flaky: KeyValueStore = {
      read: (keys) => inner.read(keys),
      write: async (changes) => (refuse(), inner.write(changes)),
      delete: (keys) => inner.delete(keys),
      create: async (key, item) => (refuse(), inner.create(key, item)),
    };
    const records = new Map<string, EscalationAlert[]>();
    const committedAlerts = async (source: string) => records.get(source) ?? [];
    const first = createService({ store: flaky, url, committedAlerts, attemptTimeoutMs: 200, leaseMs: 400 });
    first.stop();
    const alert = first.prepare(requests.caudaEquina)!;
    await first.stage(alert, 'triage/webchat/c2');
    records.set('triage/webchat/c2', [alert]);
    failing = true;
    expect(await first.release([alert])).toEqual([]);
    first.stop();

    const second = createService({ store: inner, url, committedAlerts });
    await second.start();
    await eventually(async () => (await second.pendingAlertIds()).length === 0);
    expect(accepted(receiver)).toEqual([alert.id]);
  });
});

describe('dead letters', () => {
  it('keeps an alert no destination accepted within the retry policy, logs it at error, lists it, and re-sends it on request', async () => {
    let up = false;
    const answer: Answer = () => (up ? 200 : 500);
    const { receiver, url } = await startReceiver(answer);
    const service = createService({ url, retry: { initialDelayMs: 20, maxDelayMs: 40, maxAgeMs: 150 } });
    await service.start();
    const result = await service.escalate(requests.caudaEquina);
    if (!result.notifying) throw new Error('expected an alert');
    await eventually(async () => (await service.deadLetters()).length === 1);
    expect(await service.pendingAlertIds()).toEqual([]);
    expect(await service.deadLetters()).toEqual([
      expect.objectContaining({ alertId: result.alertId, disposition: 'emergency', conversation: { id: 'conv-cauda-1', channelId: 'msteams' }, expired: ['webhook'] }),
    ]);
    const dead = logLines.find((line) => line.event === 'escalation.dead_letter');
    expect(dead).toMatchObject({ level: 50, alertId: result.alertId });
    expect(JSON.stringify(dead)).not.toContain('bladderBowel');

    up = true;
    const before = receiver.requests.length;
    expect(await service.resend(result.alertId)).toBe(true);
    await eventually(() => receiver.requests.length > before);
    await eventually(async () => (await service.pendingAlertIds()).length === 0);
    expect(await service.deadLetters()).toEqual([]);
    expect(receiver.requests.at(-1)!.headers['idempotency-key']).toBe(result.alertId);
    expect(await service.resend(result.alertId)).toBe(false);
  });
});
