import { createHmac } from 'node:crypto';
import type { EscalationAlert } from '../src/escalation/escalation-alert';
import { WebhookDestination } from '../src/escalation/webhook-destination';
import { eventually, freePort, TestReceiver } from './support/escalation-receiver';

const SECRET = 'test-secret';

const alert: EscalationAlert = {
  type: 'triage.escalation',
  id: '8d1f4c4e-1b1a-4a57-9b3e-2f8c1d7a6e01',
  createdAt: '2025-01-02T03:04:05.000Z',
  disposition: 'emergency_ambulance',
  redFlags: ['chestSymptoms'],
  facts: { chestSymptoms: true, location: 'upper' },
  reasons: ['Chest pain, chest pressure or shortness of breath with back pain needs emergency help.'],
  conversation: { id: 'conv-1', channelId: 'webchat' },
  user: { id: 'user-1' },
  summary: 'EMERGENCY — ambulance advised.',
};

describe('WebhookDestination', () => {
  let receiver: TestReceiver | undefined;
  afterEach(async () => receiver?.close());

  async function destinationFor(answer: ConstructorParameters<typeof TestReceiver>[0], timeoutMs?: number) {
    receiver = new TestReceiver(answer);
    const port = await receiver.listen();
    return new WebhookDestination({ url: `http://127.0.0.1:${port}/alerts`, secret: SECRET, timeoutMs });
  }

  it('POSTs exactly the issue 7 body, signed over the raw body, with the alert id as Idempotency-Key', async () => {
    const destination = await destinationFor(() => 204);
    await destination.deliver(alert);
    const [request] = receiver!.requests;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe(alert.id);
    const expected = createHmac('sha256', SECRET).update(request.body).digest('hex');
    expect(request.headers['x-signature-256']).toBe(`sha256=${expected}`);
    expect(JSON.parse(request.body)).toEqual({
      type: 'triage.escalation',
      id: alert.id,
      createdAt: alert.createdAt,
      disposition: 'emergency_ambulance',
      redFlags: ['chestSymptoms'],
      facts: { chestSymptoms: true, location: 'upper' },
      conversation: { id: 'conv-1', channelId: 'webchat' },
      user: { id: 'user-1' },
      summary: 'EMERGENCY — ambulance advised.',
    });
  });

  it('rejects with the status when the receiver answers other than 2xx', async () => {
    const destination = await destinationFor(() => 500);
    await expect(destination.deliver(alert)).rejects.toThrow('HTTP 500');
  });

  it('does not follow a redirect', async () => {
    const destination = await destinationFor(() => 307);
    await expect(destination.deliver(alert)).rejects.toThrow('HTTP 307');
    expect(receiver!.requests).toHaveLength(1);
  });

  it('gives up on a receiver that never answers after its timeout', async () => {
    const destination = await destinationFor(() => 'hang', 200);
    await expect(destination.deliver(alert)).rejects.toThrow('timed out');
    // The abandoned request is closed, not left open on the receiver.
    await eventually(() => receiver!.openRequests === 0);
  });

  it('gives up when the caller aborts the attempt', async () => {
    const destination = await destinationFor(() => 'hang');
    const controller = new AbortController();
    const delivery = destination.deliver(alert, controller.signal);
    await receiver!.waitForRequests(1);
    controller.abort();
    await expect(delivery).rejects.toThrow('timed out');
  });

  it('reports a refused connection by its code', async () => {
    const destination = new WebhookDestination({ url: `http://127.0.0.1:${await freePort()}/`, secret: SECRET });
    await expect(destination.deliver(alert)).rejects.toThrow('connection failed: ECONNREFUSED');
  });
});
