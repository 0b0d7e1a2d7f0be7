import type { AddressInfo } from 'node:net';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { createLogger } from '../src/logging/create-logger';
import { createServer } from '../src/server/create-server';
import { ServerLifecycle } from '../src/server/server-lifecycle';
import pino from 'pino';
import { readConversationRecord } from '../src/conversation/conversation-record';
import { createRecognizer, type Recognizer } from '../src/nlu';
import { loadDialog } from '../src/triage/load-dialog';
import { outcomeOf, questionOf, sendMessage, startBotServer, type BotServer } from './support/bot-server';

/** A MemoryStorage whose next write fails, as a store that is down would. */
class FlakyStorage extends MemoryStorage {
  failNextWrite = false;

  async write(changes: StoreItems): Promise<void> {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('storage is down');
    }
    return super.write(changes);
  }
}

const KEY = 'triage/webchat/errors-1';

describe('errors in a turn and at the HTTP edge', () => {
  let server: BotServer;
  let storage: FlakyStorage;
  beforeAll(async () => {
    storage = new FlakyStorage();
    server = await startBotServer({}, { storage });
  });
  afterAll(() => server.close());

  it('answers a failed turn with the safe message and the emergency number, and leaves the stored record as it was', async () => {
    const first = await sendMessage(server.url, 'errors-1', 'hello');
    const before = await storage.read([KEY]);
    const pending = questionOf(first)!;

    storage.failNextWrite = true;
    const failed = await sendMessage(server.url, 'errors-1', Object.fromEntries(pending.slots.map((slot) => [slot, 'false'])));
    expect(failed.map((reply) => reply.text).join('\n')).toMatch(/something went wrong on my side.*call 911/is);
    const after = await storage.read([KEY]);
    expect(after).toEqual(before);
    expect(readConversationRecord((after[KEY] as { record: unknown }).record)).toBeDefined();

    // Sending the same answer again continues the triage from where it was.
    const retried = await sendMessage(server.url, 'errors-1', Object.fromEntries(pending.slots.map((slot) => [slot, 'false'])));
    expect(questionOf(retried)!.questionId).not.toBe(pending.questionId);
  });

  it('gives every response a request id', async () => {
    const [health, bad] = await Promise.all([
      fetch(`${server.url}/healthz`),
      fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' }),
    ]);
    expect(health.headers.get('x-request-id')).toMatch(/\S{8,}/);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-request-id')).not.toBe(health.headers.get('x-request-id'));
  });

  it('refuses, when anonymous, to post replies anywhere but a loopback serviceUrl', async () => {
    const post = (serviceUrl: string | undefined) =>
      fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', serviceUrl, conversation: { id: 'errors-2' }, from: { id: 'u' }, recipient: { id: 'bot' }, text: 'hi' }),
      });
    expect((await post('https://attacker.example/')).status).toBe(400);
    expect((await post(undefined)).status).toBe(400);
  });
});

describe('an error escaping a route', () => {
  it('is answered with a 500 that names nothing, and the server keeps serving', async () => {
    const server = createServer({
      adapter: {} as never,
      bot: {} as never,
      logger: createLogger('silent'),
      maxBodyBytes: 1024,
      anonymous: true,
      lifecycle: new ServerLifecycle(),
      extraRoutes: (routes) => {
        routes.get('/boom', async () => {
          throw new Error('secret detail');
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const failed = await fetch(`${url}/boom`);
      expect(failed.status).toBe(500);
      expect(await failed.text()).not.toMatch(/secret/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});

describe('a fault in the recognizer', () => {
  it('is logged at error with the conversation id and no text, and the pending question is asked again with the emergency number', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const dialog = loadDialog();
    const real = createRecognizer(dialog);
    const recognizer: Recognizer = {
      understand: (text, pending) => {
        if (text.includes('kaboom')) throw new Error(`cannot read "${text}"`);
        return real.understand(text, pending);
      },
    };
    const server = await startBotServer({}, { logger, recognizer });
    try {
      const first = await sendMessage(server.url, 'fault-1', 'hello');
      const pending = questionOf(first)!;
      const replies = await sendMessage(server.url, 'fault-1', 'my secret story kaboom');
      expect(replies.map((reply) => reply.text).join('\n')).toMatch(/couldn't read that message.*call 911/is);
      expect(questionOf(replies)).toEqual(pending);
      const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; conversationId?: string }).filter((entry) => entry.level >= 50);
      expect(logged).toEqual([expect.objectContaining({ conversationId: 'fault-1', msg: expect.stringMatching(/recognizer failed/) })]);
      expect(lines.join('\n')).not.toMatch(/secret story|kaboom/);
      // Nothing answered is lost: the next answer goes on from the same question.
      expect(questionOf(await sendMessage(server.url, 'fault-1', 'none of these'))!.questionId).not.toBe(pending.questionId);
    } finally {
      await server.close();
    }
  });
});

describe('a message over the length limit', () => {
  it('is still read for red flags before the polite "too long"', async () => {
    const server = await startBotServer({ MAX_MESSAGE_CHARS: '200' });
    try {
      await sendMessage(server.url, 'long-1', 'hello');
      const story = `I have crushing chest pain and my back hurts. ${'I was sitting at my desk all day and then went home. '.repeat(10)}`;
      const replies = await sendMessage(server.url, 'long-1', story);
      expect(replies.map((reply) => reply.text).join('\n')).toMatch(/too long/);
      expect(outcomeOf(replies)?.disposition).toBe('emergency_ambulance');
    } finally {
      await server.close();
    }
  });
});
