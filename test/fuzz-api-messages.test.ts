import http from 'node:http';
import fc from 'fast-check';
import { GuardedMemoryStorage } from '../src/state/guarded-memory-storage';
import { LoopbackClient, SCRIPTED_DISPOSITION, scriptedTriage } from '../scripts/bench-driver';
import { readConversationRecord } from '../src/conversation/conversation-record';
import { SLOT_NAMES } from '../src/triage/slots';
import { startBotServer, type BotServer } from './support/bot-server';

// Hostile input over real HTTP (keep-alive, 8 at a time): activities and card submits with wrong
// types, prototype-pollution keys, huge arrays, deep nesting, control characters, lone surrogates,
// numbers as strings and nulls; raw bodies that are truncated, not UTF-8 or too large; and a share
// posted through Direct Line. Fixed seeds, so a failure reproduces.
const API_CASES = 8_000;
const RAW_CASES = 600;
const DIRECT_LINE_CASES = 1_500;
const PARALLEL = 8;

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\uD800', '\uDFFF', 'a\uD83D', '\u0000', '\u202Ehello', '\x1b[31mred', '\r\n\t', '𝕳𝖊𝖑𝖑𝖔', 'x'.repeat(5_000), 'none of these', '3 days', 'heat or ice?', 'restart', 'forget me', 'back', 'why'),
  fc.constantFrom('true', 'false', '1', '0', '-1', '1e309', 'NaN', '10', 'lower', 'below_knee', '{}', '[]', 'null'),
);
const scalar = fc.oneof(hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS, ...SLOT_NAMES), fc.string({ unit: 'binary', maxLength: 12 }));
const { nested } = fc.letrec<{ nested: unknown }>((tie) => ({
  nested: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('nested'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('nested'), { maxKeys: 4 }),
  ),
}));
const deep = fc.integer({ min: 50, max: 400 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { nested: value };
  return value;
});
const huge = fc.constantFrom(
  Array.from({ length: 20_000 }, (_, index) => index),
  Array.from({ length: 2_000 }, () => ({ location: 'lower' })),
  Object.fromEntries(Array.from({ length: 3_000 }, (_, index) => [`k${index}`, index])),
);
const anyValue = fc.oneof({ weight: 6, arbitrary: nested }, { weight: 1, arbitrary: deep }, { weight: 1, arbitrary: huge });
/** A card submit: real slot names (and hostile ones) with wrongly typed, stringly typed or hostile values. */
const submit = fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SLOT_NAMES) }, { weight: 1, arbitrary: hostileKey }), anyValue, { maxKeys: 6 });
/** A submit whose own `__proto__` and `constructor` keys (as JSON.parse makes them) try to pollute Object.prototype. */
const withPollution = submit.map((value) => {
  const hostile: Record<string, unknown> = { ...value };
  const own = { enumerable: true, configurable: true, writable: true };
  Object.defineProperty(hostile, '__proto__', { ...own, value: { polluted: 'yes' } });
  Object.defineProperty(hostile, 'constructor', { ...own, value: { prototype: { polluted: 'yes' } } });
  return hostile;
});

const CONVERSATIONS = Array.from({ length: 12 }, (_, index) => `fuzz-${index}`);
/** Mostly `valid`, sometimes `hostile`: each case breaks a field or two of the envelope, not all of them at once. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) => fc.oneof({ weight: 14, arbitrary: valid }, { weight: 1, arbitrary: hostile });
// Without expectReplies the bot posts its replies to serviceUrl; anonymous, it refuses any but a
// loopback one, so only a closed loopback port (rare: the connector retries it for seconds) and refused values.
const serviceUrl = fc.oneof(
  { weight: 1, arbitrary: fc.constant('http://127.0.0.1:9/') },
  { weight: 30, arbitrary: fc.constantFrom('not a url', '', undefined, null, 42, 'javascript:alert(1)', 'https://example.com/') },
);

const activity = fc.record(
  {
    type: mostly(fc.constant('message'), fc.oneof(fc.constantFrom('conversationUpdate', 'event', 'invoke', 'typing', 'messageReaction', 'endOfConversation', 'delay', 'trace', 'installationUpdate'), scalar, nested)),
    deliveryMode: fc.oneof({ weight: 40, arbitrary: fc.constant('expectReplies') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('normal', 'notification', undefined), scalar) }),
    serviceUrl,
    channelId: mostly(fc.constantFrom('webchat', 'msteams', 'directline', 'emulator'), fc.oneof(scalar, nested)),
    conversation: mostly(
      fc.oneof(fc.record({ id: fc.constantFrom(...CONVERSATIONS) }), fc.record({ id: fc.constantFrom(...CONVERSATIONS), conversationType: fc.constantFrom('personal', 'channel', 'groupChat') })),
      fc.oneof(fc.record({ id: fc.oneof(hostileText, scalar), conversationType: scalar }, { requiredKeys: [] }), scalar, nested),
    ),
    from: mostly(fc.record({ id: hostileText, name: scalar }, { requiredKeys: [] }), fc.oneof(scalar, nested)),
    recipient: mostly(fc.record({ id: fc.constantFrom('bot', 'x') }), fc.oneof(scalar, nested)),
    locale: fc.oneof(fc.constantFrom('en-GB', 'en-US', 'de', 'fr-FR', 'en_GB', 'x'.repeat(40), 'zz-ZZZZZZZZZZ-AAAAAAAA'), scalar, nested),
    text: fc.oneof({ weight: 4, arbitrary: hostileText }, scalar, nested),
    value: fc.oneof({ weight: 4, arbitrary: submit }, { weight: 2, arbitrary: withPollution }, anyValue),
    entities: mostly(fc.array(fc.record({ type: fc.constantFrom('mention', 'clientInfo'), mentioned: nested, text: scalar }), { maxLength: 3 }), fc.oneof(scalar, nested)),
    membersAdded: mostly(fc.array(fc.record({ id: hostileText }), { maxLength: 3 }), fc.oneof(scalar, nested)),
    timestamp: mostly(fc.constantFrom('2026-11-21T10:00:00Z', 'yesterday', '9999999999999'), scalar),
    channelData: anyValue,
    attachments: anyValue,
    name: scalar,
  },
  { requiredKeys: ['type', 'conversation', 'deliveryMode'] },
);

/** A raw body: a truncated activity, bytes that are not UTF-8, JSON that is not an object, or one over MAX_BODY_BYTES. */
const rawBody = fc.oneof(
  fc.tuple(activity, fc.nat()).map(([body, cut]) => {
    const json = JSON.stringify(body) ?? '';
    return Buffer.from(json.slice(0, json.length === 0 ? 0 : cut % json.length));
  }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from('{"type":"message","text":"'), Buffer.from(bytes), Buffer.from('"}')])),
  fc.constantFrom('null', '[]', '"message"', '42', '{"type":', '{}', '{"type":"message"}', '{"type":"message","conversation":{"id":"fuzz-1"},"deliveryMode":"expectReplies","value":' + '['.repeat(5_000) + ']'.repeat(5_000) + '}').map((text) => Buffer.from(text)),
  fc.constant(Buffer.from(JSON.stringify({ type: 'message', conversation: { id: 'fuzz-1' }, text: 'y'.repeat(300_000) }))),
);

interface Sent {
  status: number;
  description: string;
}

function postRaw(agent: http.Agent, url: string, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function inParallel<T>(items: T[], run: (item: T) => Promise<Sent>): Promise<Sent[]> {
  const results: Sent[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) results.push(await run(items[next++]));
    }),
  );
  return results;
}

function prototypeSnapshot(): string {
  return JSON.stringify([Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()]);
}

describe('fuzzing /api/messages and Direct Line with hostile activities', () => {
  let server: BotServer;
  let storage: GuardedMemoryStorage;
  let agent: http.Agent;
  const prototypeBefore = prototypeSnapshot();

  beforeAll(async () => {
    storage = new GuardedMemoryStorage();
    server = await startBotServer({ RATE_LIMIT_PER_MINUTE_CLIENT: '0', RATE_LIMIT_PER_MINUTE_CONVERSATION: '0' }, { storage });
    agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL + 2 });
  });
  afterAll(async () => {
    agent.destroy();
    await server.close();
  });

  it('never answers 5xx, never crashes, keeps every stored conversation readable, and a real triage alongside concludes correctly', async () => {
    // A deadline for a hung server, not a speed check: the run takes well under it.
    const client = new LoopbackClient(server.url, 2);
    const alongside = (async () => {
      const runs = [];
      // Complete triages, one after another, interleaved with the fuzz on the same server.
      for (const id of ['alongside-1', 'alongside-2']) runs.push(await scriptedTriage(client, id));
      return runs;
    })();

    const activities = fc.sample(activity, { numRuns: API_CASES, seed: 20261121 });
    const apiResults = await inParallel(activities, async (body) => {
      const json = JSON.stringify(body) ?? 'null';
      return { status: await postRaw(agent, server.url, '/api/messages', Buffer.from(json)), description: json.slice(0, 300) };
    });

    const raws = fc.sample(rawBody, { numRuns: RAW_CASES, seed: 1121 });
    const rawResults = await inParallel(raws, async (body) => {
      const headers: Record<string, string> = body.length % 7 === 0 ? { 'content-type': 'text/plain' } : {};
      return { status: await postRaw(agent, server.url, '/api/messages', body, headers), description: `raw ${body.subarray(0, 120).toString('latin1')}` };
    });

    const grant = (await client.post('/api/directline/token', {})).body as { conversationId: string; token: string };
    const directLine = fc.sample(activity, { numRuns: DIRECT_LINE_CASES, seed: 2026 });
    const directLineResults = await inParallel(directLine, async (body) => {
      const json = JSON.stringify(body) ?? 'null';
      const status = await postRaw(agent, server.url, `/v3/directline/conversations/${grant.conversationId}/activities`, Buffer.from(json), {
        authorization: `Bearer ${grant.token}`,
      });
      return { status, description: `directline ${json.slice(0, 300)}` };
    });
    const runs = await alongside;
    client.close();

    const all = [...apiResults, ...rawResults, ...directLineResults];
    expect(all).toHaveLength(API_CASES + RAW_CASES + DIRECT_LINE_CASES);
    expect(all.filter((result) => result.status >= 500 || result.status === 0).slice(0, 5)).toEqual([]);
    // The fuzz reached the bot, not only the 400 of the envelope check.
    expect(apiResults.filter((result) => result.status === 200).length).toBeGreaterThan(API_CASES / 2);
    expect(rawResults.some((result) => result.status === 413)).toBe(true);

    for (const run of runs) {
      expect(run.errors).toBe(0);
      expect(run.disposition).toBe(SCRIPTED_DISPOSITION);
    }

    // Every conversation record the fuzz left behind still reads back as a valid record.
    const records = Object.entries(await storage.read(storage.keys().filter((key) => key.startsWith('triage/'))));
    expect(records.length).toBeGreaterThan(CONVERSATIONS.length);
    const unreadable = records.filter(([, item]) => readConversationRecord(item.record) === undefined).map(([key]) => key);
    expect(unreadable).toEqual([]);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(prototypeSnapshot()).toBe(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 180_000);
});
