import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { DirectLine, type Message } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import { createLogger } from '../src/logging/create-logger';
import { registerDirectLine, type DirectLineEndpoint } from '../src/directline';

/** A bot like ours in shape: a welcome on join, one reply per message, a marker for card submits. */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity({ text: 'Welcome! Where is the pain?', locale: context.activity.locale });
        }
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const { text, value } = context.activity;
      await context.sendActivity(value ? `submitted ${JSON.stringify(value)}` : `you said: ${text} (from ${context.activity.from.id})`);
      await next();
    });
  }
}

type DlActivity = Message & { replyToId?: string };

// directlinejs polls with rxjs 5's XMLHttpRequest ajax; Node has fetch instead, so adapt it.
function fetchAjax(request: { method?: string; url?: string; body?: unknown; headers?: Record<string, string> }) {
  return Observable.create((subscriber: { next(v: unknown): void; complete(): void; error(e: unknown): void }) => {
    fetch(request.url!, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    })
      .then(async (res) => {
        const text = await res.text();
        const response = text ? JSON.parse(text) : null;
        if (res.status >= 400) {
          subscriber.error({ status: res.status, response, xhr: { getResponseHeader: (name: string) => res.headers.get(name) } });
          return;
        }
        subscriber.next({ status: res.status, response });
        subscriber.complete();
      })
      .catch((error) => subscriber.error(error));
  });
}

interface Harness {
  base: string;
  endpoint: DirectLineEndpoint;
  clock: { now: number };
  close(): Promise<void>;
}

async function startServer(options: { appId?: string; secret?: string; maxConversations?: number } = {}): Promise<Harness> {
  const auth = new ConfigurationBotFrameworkAuthentication(
    options.appId ? { MicrosoftAppId: options.appId, MicrosoftAppPassword: 'not-a-real-password', MicrosoftAppType: 'MultiTenant' } : {},
  );
  const adapter = new CloudAdapter(auth);
  const clock = { now: Date.now() };
  const server = restify.createServer();
  const endpoint = registerDirectLine(server, {
    adapter,
    bot: new EchoBot(),
    secret: options.secret,
    tokenTtlSeconds: 1800,
    logger: createLogger('silent'),
    appId: options.appId,
    now: () => clock.now,
    limits: { idleExpiryMs: 10 * 60 * 1000, ...(options.maxConversations ? { maxConversations: options.maxConversations } : {}) },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    endpoint,
    clock,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Constructed only when webSocket is true; Node 20 has no global WebSocket for the default.
class NoWebSocket {
  constructor() {
    throw new Error('this test polls');
  }
}

function client(h: Harness, token: string, conversationId?: string): DirectLine {
  return new DirectLine({
    domain: `${h.base}/v3/directline`,
    token,
    conversationId,
    webSocket: false,
    pollingInterval: 200,
    ajax: fetchAjax,
    WebSocket: NoWebSocket,
  } as never);
}

/** Resolves with the bot messages seen until `count` of them have arrived. */
function botMessages(dl: DirectLine, count: number): Promise<DlActivity[]> {
  return new Promise((resolve, reject) => {
    const seen: DlActivity[] = [];
    const sub = dl.activity$.subscribe({
      next: (activity) => {
        if (activity.type !== 'message' || activity.from.role !== 'bot') return;
        seen.push(activity as DlActivity);
        if (seen.length === count) {
          sub.unsubscribe();
          resolve(seen);
        }
      },
      error: reject,
    });
  });
}

function post(dl: DirectLine, activity: Partial<DlActivity>): Promise<string> {
  return new Promise((resolve, reject) => {
    dl.postActivity({ from: { id: 'someone-else', name: 'Sam' }, ...activity } as DlActivity).subscribe({ next: resolve, error: reject });
  });
}

async function newToken(h: Harness): Promise<{ conversationId: string; token: string; expires_in: number }> {
  const res = await fetch(`${h.base}/api/directline/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ conversationId: string; token: string; expires_in: number }>;
}

describe('Direct Line endpoint driven by botframework-directlinejs (polling)', () => {
  let h: Harness;
  const clients: DirectLine[] = [];
  beforeAll(async () => {
    h = await startServer({ secret: 'test-secret-value' });
  });
  afterEach(() => {
    for (const dl of clients.splice(0)) dl.end();
  });
  afterAll(() => h.close());

  it('starts with the welcome, then answers posts in order after the watermark', async () => {
    const grant = await newToken(h);
    const dl = client(h, grant.token);
    clients.push(dl);
    const [welcome] = await botMessages(dl, 1);
    expect(welcome.text).toBe('Welcome! Where is the pain?');
    expect(welcome.conversation?.id).toBe(grant.conversationId);

    const replies = botMessages(dl, 2);
    const id = await post(dl, { type: 'message', text: 'lower back' });
    expect(id).toMatch(new RegExp(`^${grant.conversationId}\\|\\d{7}$`));
    await post(dl, { type: 'message', value: { location: 'lower' } });
    const [first, second] = await replies;
    // The sender is the token's user, not whatever the client put in `from`.
    expect(first.text).toMatch(/^you said: lower back \(from dl_/);
    expect(second.text).toBe('submitted {"location":"lower"}');
    expect(first.replyToId).toBe(id);
  });

  it("passes the page's locale to the welcome turn", async () => {
    const res = await fetch(`${h.base}/api/directline/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: 'en-GB' }),
    });
    const dl = client(h, ((await res.json()) as { token: string }).token);
    clients.push(dl);
    const [welcome] = await botMessages(dl, 1);
    expect(welcome.locale).toBe('en-GB');
  });

  it('returns only activities after the watermark', async () => {
    const grant = await newToken(h);
    const auth = { Authorization: `Bearer ${grant.token}` };
    const url = `${h.base}/v3/directline/conversations/${grant.conversationId}/activities`;
    const all = (await (await fetch(url, { headers: auth })).json()) as { activities: DlActivity[]; watermark: string };
    expect(all.activities.map((a) => a.text)).toEqual(['Welcome! Where is the pain?']);
    const later = (await (await fetch(`${url}?watermark=${all.watermark}`, { headers: auth })).json()) as { activities: DlActivity[] };
    expect(later.activities).toEqual([]);
  });

  it('refreshes a token for the same conversation, and the new token works', async () => {
    const grant = await newToken(h);
    h.clock.now += 60_000;
    const res = await fetch(`${h.base}/v3/directline/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${grant.token}` } });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as { conversationId: string; token: string; expires_in: number };
    expect(refreshed.conversationId).toBe(grant.conversationId);
    expect(refreshed.token).not.toBe(grant.token);
    const dl = client(h, refreshed.token);
    clients.push(dl);
    const [welcome] = await botMessages(dl, 1);
    expect(welcome.text).toBe('Welcome! Where is the pain?');
  });

  it("refuses another conversation's activities with 403", async () => {
    const mine = await newToken(h);
    const theirs = await newToken(h);
    const res = await fetch(`${h.base}/v3/directline/conversations/${theirs.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${mine.token}` },
    });
    expect(res.status).toBe(403);
    const posted = await fetch(`${h.base}/v3/directline/conversations/${theirs.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${mine.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi' }),
    });
    expect(posted.status).toBe(403);
  });

  it('refuses an expired token with 403, for polling and for refresh', async () => {
    const grant = await newToken(h);
    h.clock.now += (grant.expires_in + 1) * 1000;
    const res = await fetch(`${h.base}/v3/directline/conversations/${grant.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${grant.token}` },
    });
    expect(res.status).toBe(403);
    const refresh = await fetch(`${h.base}/v3/directline/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${grant.token}` } });
    expect(refresh.status).toBe(403);
  });

  it('refuses a forged token and a request without one', async () => {
    const grant = await newToken(h);
    const [header, payload, signature] = grant.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 999_999 })).toString('base64url')}.${signature}`;
    const url = `${h.base}/v3/directline/conversations/${grant.conversationId}/activities`;
    expect((await fetch(url, { headers: { Authorization: `Bearer ${forged}` } })).status).toBe(403);
    expect((await fetch(url)).status).toBe(401);
  });

  it('lets a server holding the secret generate a token and start a conversation', async () => {
    const res = await fetch(`${h.base}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: 'Bearer test-secret-value', 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: 'member-42' } }),
    });
    expect(res.status).toBe(200);
    const grant = (await res.json()) as { token: string };
    const dl = client(h, grant.token);
    clients.push(dl);
    await botMessages(dl, 1);
    const reply = botMessages(dl, 1);
    await post(dl, { type: 'message', text: 'hello' });
    expect((await reply)[0].text).toBe('you said: hello (from member-42)');
    // A token cannot mint tokens.
    const denied = await fetch(`${h.base}/v3/directline/tokens/generate`, { method: 'POST', headers: { Authorization: `Bearer ${grant.token}` } });
    expect(denied.status).toBe(403);
  });

  it('answers a CORS preflight, so a page on another site can embed Web Chat against this server', async () => {
    const res = await fetch(`${h.base}/v3/directline/conversations/abc/activities`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://gym.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('reconnects to an existing conversation with GET /conversations/:id', async () => {
    const grant = await newToken(h);
    const res = await fetch(`${h.base}/v3/directline/conversations/${grant.conversationId}?watermark=0`, {
      headers: { Authorization: `Bearer ${grant.token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { conversationId: string }).conversationId).toBe(grant.conversationId);
  });

  it('answers 404 (the client reads "ended") once an idle conversation has expired, even with a live token', async () => {
    const grant = await newToken(h);
    h.clock.now += 11 * 60 * 1000; // past the 10-minute idle expiry set below, within the 30-minute token
    const res = await fetch(`${h.base}/v3/directline/conversations/${grant.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${grant.token}` },
    });
    expect(res.status).toBe(404);
  });
});

describe('Direct Line transcripts and data rights', () => {
  it("erases a conversation's transcript and keeps it open; deletes a user's conversations", async () => {
    const h = await startServer();
    try {
      const get = (grant: { conversationId: string; token: string }, watermark = '0') =>
        fetch(`${h.base}/v3/directline/conversations/${grant.conversationId}/activities?watermark=${watermark}`, { headers: { Authorization: `Bearer ${grant.token}` } });
      const mine = await newToken(h);
      const before = (await (await get(mine)).json()) as { activities: unknown[]; watermark: string };
      expect(before.activities).toHaveLength(1);
      expect(await h.endpoint.store.eraseTranscript(mine.conversationId)).toBe(true);
      expect(((await (await get(mine)).json()) as { activities: unknown[] }).activities).toEqual([]);
      // What comes next still reaches the client, after its old watermark.
      const posted = await fetch(`${h.base}/v3/directline/conversations/${mine.conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${mine.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'still here?' }),
      });
      expect(posted.status).toBe(200);
      const after = (await (await get(mine, before.watermark)).json()) as { activities: Array<{ text?: string }> };
      expect(after.activities.map((a) => a.text)).toEqual(['still here?', expect.stringMatching(/^you said: still here\?/)]);
      expect(await h.endpoint.store.eraseTranscript('no-such-conversation')).toBe(false);

      const first = await h.endpoint.startConversation({ userId: 'dl_someone' });
      const second = await h.endpoint.startConversation({ userId: 'dl_someone' });
      expect(await h.endpoint.store.deleteConversationsOf('dl_someone')).toBe(2);
      expect((await get(first)).status).toBe(404);
      expect((await get(second)).status).toBe(404);
      // Another user's conversation is untouched.
      expect((await get(mine)).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('Direct Line endpoint when the store is full', () => {
  it('refuses a new conversation with 503 and Retry-After, and never evicts a live one', async () => {
    const h = await startServer({ maxConversations: 2 });
    try {
      const first = await newToken(h);
      await newToken(h);
      const refused = await fetch(`${h.base}/api/directline/token`, { method: 'POST' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/try again/);
      const poll = await fetch(`${h.base}/v3/directline/conversations/${first.conversationId}/activities`, { headers: { Authorization: `Bearer ${first.token}` } });
      expect(poll.status).toBe(200);
      expect(((await poll.json()) as { activities: { text?: string }[] }).activities.map((a) => a.text)).toEqual(['Welcome! Where is the pain?']);
      // Once one has expired, there is room again.
      h.clock.now += 11 * 60 * 1000;
      expect((await fetch(`${h.base}/api/directline/token`, { method: 'POST' })).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('Direct Line endpoint with MicrosoftAppId configured (Teams production)', () => {
  it('still runs turns in-process, with no network and no Bot Framework token', async () => {
    const h = await startServer({ appId: '00000000-0000-0000-0000-000000000001' });
    const dl = client(h, (await newToken(h)).token);
    try {
      await botMessages(dl, 1);
      const reply = botMessages(dl, 1);
      await post(dl, { type: 'message', text: 'hi' });
      expect((await reply)[0].text).toMatch(/^you said: hi/);
    } finally {
      dl.end();
      await h.close();
    }
  });
});

describe('Direct Line endpoint without DIRECTLINE_SECRET', () => {
  it('warns that tokens will not survive a restart', async () => {
    const warnings: string[] = [];
    const logger = createLogger('silent');
    logger.warn = ((message: string) => {
      warnings.push(message);
    }) as typeof logger.warn;
    const server = restify.createServer();
    registerDirectLine(server, {
      adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
      bot: { run: async (_context: TurnContext) => undefined },
      tokenTtlSeconds: 60,
      logger,
    });
    expect(warnings.join('\n')).toMatch(/DIRECTLINE_SECRET is not set/);
    server.close();
  });
});
