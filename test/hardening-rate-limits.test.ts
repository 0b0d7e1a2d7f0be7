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

  it('limits Direct Line requests with a valid token per conversation, so many users behind one address are not limited together', async () => {
    server = await startBotServer({ RATE_LIMIT_PER_MINUTE_CLIENT: '30', RATE_LIMIT_PER_MINUTE_DIRECTLINE_CONVERSATION: '5', RATE_LIMIT_PER_MINUTE_CONVERSATION: '0' });
    const grants: { conversationId: string; token: string }[] = [];
    for (let user = 0; user < 11; user += 1) {
      const res = await fetch(`${server.url}/api/directline/token`, { method: 'POST' });
      expect(res.status).toBe(200);
      grants.push((await res.json()) as { conversationId: string; token: string });
    }
    const poll = (grant: { conversationId: string; token: string }, token = grant.token) =>
      fetch(`${server.url}/v3/directline/conversations/${grant.conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
    // 50 polls from one address, above its 30 a minute less the 11 tokens: each conversation spends its own bucket.
    const statuses: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      for (const grant of grants.slice(0, 10)) statuses.push((await poll(grant)).status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    // One conversation over its own limit is slowed down, alone.
    const limited = await poll(grants[0]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Requests without a valid token for their conversation still count against the address.
    const forged = Array.from({ length: 19 }, () => poll(grants[10], `${grants[10].token}x`));
    expect((await Promise.all(forged)).map((res) => res.status)).toEqual(Array(19).fill(403));
    expect((await poll(grants[10], 'not-a-token')).status).toBe(429);
    expect((await poll(grants[0], grants[10].token)).status).toBe(429);
    expect((await fetch(`${server.url}/api/directline/token`, { method: 'POST' })).status).toBe(429);
    // The address is spent; a user with a valid token keeps polling.
    expect((await poll(grants[10])).status).toBe(200);
  });
});
