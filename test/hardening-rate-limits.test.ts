import { TokenBuckets } from '../src/server/token-buckets';
import { sendMessage, startBotServer, type BotServer } from './support/bot-server';

describe('TokenBuckets', () => {
  it('lets a key spend its burst, then asks it to wait until a token is back', () => {
    const clock = { now: 0 };
    const buckets = new TokenBuckets({ perMinute: 3, now: () => clock.now });
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(buckets.take('b').allowed).toBe(true);
    clock.now += 20_000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('remembers at most maxKeys keys, forgetting the least recently seen', () => {
    const buckets = new TokenBuckets({ perMinute: 1, maxKeys: 100, now: () => 0 });
    for (let key = 0; key < 1_000; key += 1) buckets.take(`k${key}`);
    expect(buckets.size).toBe(100);
    expect(buckets.take('k999').allowed).toBe(false);
    expect(buckets.take('k0').allowed).toBe(true);
  });

  it('is off at 0 per minute', () => {
    const buckets = new TokenBuckets({ perMinute: 0 });
    expect(Array.from({ length: 1_000 }, () => buckets.take('a').allowed).every(Boolean)).toBe(true);
    expect(buckets.size).toBe(0);
  });
});

describe('rate limits over HTTP', () => {
  let server: BotServer;
  afterEach(() => server.close());

  it('answers 429 with Retry-After to a client over its limit, and keeps /healthz open', async () => {
    server = await startBotServer({ RATE_LIMIT_PER_MINUTE_CLIENT: '3', RATE_LIMIT_PER_MINUTE_CONVERSATION: '0' });
    for (let turn = 0; turn < 3; turn += 1) await sendMessage(server.url, `client-${turn}`, 'hello');
    const limited = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const token = await fetch(`${server.url}/api/directline/token`, { method: 'POST' });
    expect(token.status).toBe(429);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers a conversation over its limit politely, with the emergency number, without touching its triage', async () => {
    server = await startBotServer({ RATE_LIMIT_PER_MINUTE_CLIENT: '0', RATE_LIMIT_PER_MINUTE_CONVERSATION: '2' });
    const first = await sendMessage(server.url, 'fast', 'hello');
    const pending = first.at(-1)!.channelData!.triage!.questionId;
    await sendMessage(server.url, 'fast', 'what?');
    const limited = await sendMessage(server.url, 'fast', { chestSymptoms: 'true' });
    expect(limited).toHaveLength(1);
    expect(limited[0].text).toMatch(/faster than I can answer/);
    expect(limited[0].text).toMatch(/call 911/);
    // Another conversation is not slowed down by this one.
    expect((await sendMessage(server.url, 'calm', 'hello')).at(-1)!.channelData!.triage!.questionId).toBe(pending);
    const stored = await server.app.storage.read([`triage/webchat/fast`]);
    expect(Object.keys(stored)).toEqual(['triage/webchat/fast']);
    expect(JSON.stringify(stored)).not.toMatch(/chestSymptoms/);
  });
});
