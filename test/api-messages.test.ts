import { startBotServer, webChatActivity, type BotServer, type HttpReply } from './support/bot-server';
import { EMERGENCY_SLOTS, URGENT_SLOTS } from '../src/triage/slots';

const activity = (conversationId: string, fields: Record<string, unknown>) => webChatActivity(conversationId, { from: { id: 'u1' }, ...fields });

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; replies: HttpReply[] }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as { activities?: HttpReply[] }) : {};
  return { status: response.status, replies: parsed.activities ?? [] };
}

const none = (slots: readonly string[]) => Object.fromEntries(slots.map((slot) => [slot, 'false']));

describe('POST /api/messages over real HTTP with expectReplies', () => {
  let server: BotServer;
  let url: string;
  beforeAll(async () => {
    server = await startBotServer({});
    url = server.url;
  });
  afterAll(() => server.close());

  it('reports health on GET /healthz', async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('runs a whole triage to the policy disposition with card submits, returning replies in the response body', async () => {
    const send = (value: Record<string, unknown>) => post(url, activity('http-1', { value }));
    const first = await send(none(EMERGENCY_SLOTS));
    expect(first.status).toBe(200);
    expect(first.replies[0].text).toMatch(/can't diagnose/i);
    expect(first.replies.at(-1)!.channelData!.triage).toEqual({ questionId: 'urgent-screen', slots: [...URGENT_SLOTS] });
    await send(none(URGENT_SLOTS));
    await send({ location: 'lower' });
    await send({ onset: 'lifting_twisting' });
    await send({ durationDays: '10' });
    await send({ improving: 'true' });
    await send({ character: 'shooting_burning' });
    const last = await send({ radiation: 'below_knee' });
    expect(last.replies.at(-1)!.channelData!.triage!.questionId).toBe('worse-with-cough-sitting');
    const outcome = await send({ worseWithCoughSitting: 'true' });
    const result = outcome.replies.find((reply) => reply.channelData?.triage?.outcome)!.channelData!.triage!.outcome!;
    expect(result.disposition).toBe('consultation');
    expect(result.facts).toMatchObject({ radiation: 'below_knee', durationDays: 10 });
    expect(outcome.replies.map((reply) => reply.text).join('\n')).toMatch(/disc pressing on a nerve/);
  });

  it('answers a knowledge question mid-triage and asks the same question again, keeping every answer', async () => {
    const send = (fields: Record<string, unknown>) => post(url, activity('http-kb', fields));
    await send({ value: none(EMERGENCY_SLOTS) });
    await send({ value: none(URGENT_SLOTS) });
    await send({ value: { location: 'upper' } });
    const answer = await send({ text: 'how long does a pulled back muscle usually take to heal?' });
    const texts = answer.replies.map((reply) => reply.text).join('\n');
    expect(texts).toMatch(/1.2 weeks/);
    expect(texts).toMatch(/Sources:/);
    expect(answer.replies.at(-1)!.channelData!.triage).toEqual({ questionId: 'onset', slots: ['onset'] });
    const offTopic = await send({ text: "what's the weather like tomorrow?" });
    expect(offTopic.replies[0].text).toMatch(/only help with back pain/);
    expect(offTopic.replies.at(-1)!.channelData!.triage!.questionId).toBe('onset');
    await send({ value: { onset: 'posture' } });
    await send({ value: { durationDays: 1 } });
    await send({ value: { character: 'stiffness' } });
    await send({ value: { radiation: 'none' } });
    await send({ value: { pregnant: false } });
    const end = await send({ value: { fattyMeals: false } });
    const outcome = end.replies.find((reply) => reply.channelData?.triage?.outcome)!.channelData!.triage!.outcome!;
    expect(outcome).toMatchObject({ disposition: 'self_care', facts: { location: 'upper', onset: 'posture' } });
  });

  it('gives 400 for a body that is not an activity and 413 for an oversized body, and keeps serving', async () => {
    expect((await post(url, '[1,2,3]')).status).toBe(400);
    expect((await post(url, 'not json')).status).toBeGreaterThanOrEqual(400);
    expect((await post(url, 'not json')).status).toBeLessThan(500);
    expect((await post(url, activity('http-2', { text: 'x'.repeat(300_000) }))).status).toBe(413);
    expect((await post(url, activity('http-2', { text: 'hello' }))).status).toBe(200);
  });

  it('answers a message with no `from` without crashing', async () => {
    const { status, replies } = await post(url, { ...activity('http-3', { text: 'hello' }), from: undefined });
    expect(status).toBeLessThan(500);
    expect(status === 200 ? replies.length : 1).toBeGreaterThan(0);
  });
});

describe('authentication', () => {
  it('rejects a request without a token when MicrosoftAppId is set', async () => {
    const server = await startBotServer({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
    try {
      const { status } = await post(server.url, activity('auth-1', { text: 'hello' }));
      expect(status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
