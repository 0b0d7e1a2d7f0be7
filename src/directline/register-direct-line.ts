import { randomBytes, timingSafeEqual } from 'node:crypto';
import restify from 'restify';
import type { Activity, CloudAdapter } from 'botbuilder';
import type { Logger } from '../logging/create-logger';
import { ActivityLogStore, DEFAULT_STORE_LIMITS, type ActivityLogLimits, type DirectLineConversation } from './activity-log-store';
import { AzureDirectLineError, generateAzureToken, type AzureDirectLineOptions } from './azure-direct-line-token';
import { createTokenSigner, type TokenClaims } from './directline-token';
import { createInProcessTurn, type TurnBot } from './in-process-turn';

/** What the Direct Line endpoint needs from the composition root. */
export interface DirectLineDeps {
  /** The same adapter that serves /api/messages (its middleware and onTurnError apply). */
  adapter: CloudAdapter;
  /** The same bot that serves /api/messages. */
  bot: TurnBot;
  /** DIRECTLINE_SECRET; when absent a random one is made at boot (tokens then die with the process). */
  secret?: string;
  /** DIRECTLINE_TOKEN_TTL_SECONDS. */
  tokenTtlSeconds: number;
  logger: Logger;
  /** MicrosoftAppId, when configured; turns then carry the bot's own identity. */
  appId?: string;
  /** MAX_BODY_BYTES for posted activities (default 256 KiB). */
  maxBodyBytes?: number;
  limits?: Partial<ActivityLogLimits>;
  /** WEBCHAT_DIRECT_LINE=azure: the page's token route exchanges this secret at Azure's Direct Line instead. */
  azure?: AzureDirectLineOptions;
  /** The clock, in milliseconds (tests move it to expire tokens). */
  now?: () => number;
}

/** The running endpoint: its conversation store, and a way to open a conversation from server code. */
export interface DirectLineEndpoint {
  /** The transcripts; as a `TranscriptEraser`, what "forget me" uses to erase a conversation's or a user's. */
  readonly store: ActivityLogStore;
  /**
   * The conversation a request to one of its routes (`/v3/directline/conversations/:id…`,
   * `/tokens/refresh`) is authenticated for by a valid token; undefined for any other request. For
   * the rate limit, before routing: it checks the token's signature, not that the conversation exists.
   */
  authenticatedConversation(req: restify.Request): string | undefined;
  /** Opens a conversation, runs the bot's welcome turn (in `locale` when given), and returns what a client needs to join it. */
  startConversation(options?: { userId?: string; locale?: string }): Promise<ConversationGrant>;
}

/** A Direct Line 3.0 conversation grant (the body of POST /conversations and /tokens/*). */
export interface ConversationGrant {
  conversationId: string;
  token: string;
  expires_in: number;
}

/** Where the endpoint lives. */
export const DIRECT_LINE_BASE = '/v3/directline';
/** The same-origin route a page calls to get a token for a new conversation. */
export const TOKEN_ROUTE = '/api/directline/token';

const CHANNEL_ID = 'directline';
const CONVERSATION_PATH = new RegExp(`^${DIRECT_LINE_BASE}/conversations/([^/]+)(?:/|$)`);
// Replies are buffered in-process (see in-process-turn.ts); no connector service lives at this URL.
const SERVICE_URL = 'https://directline.invalid/';
// Activity types that are the adapter's internal plumbing, never shown to a client.
const INTERNAL_TYPES = new Set(['delay', 'trace', 'invokeResponse']);

type Caller = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * Serves a Direct Line 3.0-compatible endpoint (REST polling; no WebSocket stream) at /v3/directline
 * on `server`, plus POST /api/directline/token for same-origin pages. Every activity goes through
 * `deps.adapter` and `deps.bot`; tokens are HS256 JWTs scoped to one conversation and one user.
 */
export function registerDirectLine(server: restify.Server, deps: DirectLineDeps): DirectLineEndpoint {
  const now = deps.now ?? Date.now;
  const secret = deps.secret ?? randomBytes(32).toString('base64url');
  if (!deps.secret) {
    deps.logger.warn('DIRECTLINE_SECRET is not set: using a random secret, so Direct Line tokens do not survive a restart or work across instances');
  }
  const signer = createTokenSigner(secret, deps.tokenTtlSeconds, now);
  const store = new ActivityLogStore({ ...DEFAULT_STORE_LIMITS, ...deps.limits }, now);
  const runTurn = createInProcessTurn(deps.adapter, deps.bot, deps.appId);
  const botAccount = { id: deps.appId ?? 'bot', name: 'Back-pain triage', role: 'bot' };
  const parseBody = restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes ?? 262_144, mapParams: false });

  /** Runs one turn after the conversation's previous one, then appends the bot's replies to its log. */
  function turn(conversation: DirectLineConversation, inbound: Activity): Promise<void> {
    const run = async () => {
      const replies = await runTurn(inbound);
      for (const reply of replies) {
        if (!reply.type || INTERNAL_TYPES.has(reply.type)) continue;
        store.append(conversation, {
          ...reply,
          id: activityId(conversation.id, nextSeq(conversation)),
          timestamp: new Date(now()),
          channelId: CHANNEL_ID,
          conversation: { id: conversation.id },
          from: botAccount,
          recipient: { id: conversation.userId, role: 'user' },
        } as Activity);
      }
    };
    const result = conversation.queue.then(run);
    conversation.queue = result.catch(() => undefined);
    return result;
  }

  function grant(conversation: DirectLineConversation): ConversationGrant {
    const { token, expiresIn } = signer.issue(conversation.id, conversation.userId);
    return { conversationId: conversation.id, token, expires_in: expiresIn };
  }

  async function startConversation(options: { userId?: string; locale?: string } = {}): Promise<ConversationGrant> {
    const conversation = store.create(options.userId);
    if (!conversation) {
      deps.logger.warn({ maxConversations: store.limits.maxConversations }, 'directline conversation refused: the store is full');
      throw new HttpError(503, 'ServiceUnavailable', 'Too many conversations are in progress; try again in a minute', 60);
    }
    deps.logger.info({ conversationId: conversation.id }, 'directline conversation started');
    // The user "joins" now, so the welcome and the first question wait in the log for the first poll.
    await turn(conversation, {
      type: 'conversationUpdate',
      id: `${conversation.id}|join`,
      timestamp: new Date(now()),
      channelId: CHANNEL_ID,
      serviceUrl: SERVICE_URL,
      conversation: { id: conversation.id },
      from: { id: conversation.userId, role: 'user' },
      recipient: botAccount,
      membersAdded: [{ id: conversation.userId, role: 'user' }],
      locale: options.locale,
    } as Activity);
    return grant(conversation);
  }

  function caller(req: restify.Request): Caller {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'MissingProperty', 'Authorization: Bearer <token or secret> is required');
    if (safeEqual(match[1], secret)) return { kind: 'secret' };
    const claims = signer.verify(match[1]);
    if (!claims) throw new HttpError(403, 'TokenExpired', 'The token is invalid or has expired');
    return { kind: 'token', claims };
  }

  /** The conversation `id` if the caller may use it: a token only opens its own conversation. */
  function conversationFor(req: restify.Request, id: string): { conversation: DirectLineConversation; who: Caller } {
    const who = caller(req);
    if (who.kind === 'token' && who.claims.conv !== id) {
      throw new HttpError(403, 'BadArgument', 'The token is not valid for this conversation');
    }
    const conversation = store.get(id);
    if (!conversation) throw new HttpError(404, 'BadArgument', 'Conversation not found or expired');
    return { conversation, who };
  }

  const route = (handler: (req: restify.Request) => Promise<[number, unknown]>) => async (req: restify.Request, res: restify.Response) => {
    res.header('Access-Control-Allow-Origin', '*');
    res.header('Cache-Control', 'no-store');
    try {
      const [status, body] = await handler(req);
      res.send(status, body);
    } catch (error) {
      if (error instanceof HttpError) {
        if (error.retryAfterSeconds) res.header('Retry-After', String(error.retryAfterSeconds));
        res.send(error.status, { error: { code: error.code, message: error.message } });
        return;
      }
      deps.logger.error({ err: error, path: req.getPath() }, 'directline request failed');
      res.send(502, { error: { code: 'BotError', message: 'The bot failed to handle the activity' } });
    }
  };

  server.post(TOKEN_ROUTE, parseBody, route(async (req) => {
    const options = startOptions(req.body);
    if (!deps.azure) return [200, await startConversation(options)];
    try {
      return [200, await generateAzureToken(deps.azure, options.locale)];
    } catch (error) {
      if (!(error instanceof AzureDirectLineError)) throw error;
      deps.logger.error({ event: 'directline.azure_token_failed', status: error.status }, 'Azure Direct Line refused the token exchange');
      throw new HttpError(502, 'ServiceUnavailable', 'The chat service is unavailable; try again in a minute', 60);
    }
  }));

  // Browsers on other sites (a clinic page embedding Web Chat) send a CORS preflight: the API is
  // bearer-token only, no cookies, so any origin may call it.
  const preflight = async (_req: restify.Request, res: restify.Response) => {
    res.header('Access-Control-Allow-Origin', '*');
    res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept, x-ms-bot-agent');
    res.header('Access-Control-Max-Age', '600');
    res.send(204);
  };
  server.opts(`${DIRECT_LINE_BASE}/*`, preflight);
  server.opts(TOKEN_ROUTE, preflight);

  server.post(`${DIRECT_LINE_BASE}/tokens/generate`, parseBody, route(async (req) => {
    if (caller(req).kind !== 'secret') throw new HttpError(403, 'BadArgument', 'Generating a token requires the secret');
    return [200, await startConversation(startOptions(req.body))];
  }));

  server.post(`${DIRECT_LINE_BASE}/tokens/refresh`, route(async (req) => {
    const who = caller(req);
    if (who.kind !== 'token') throw new HttpError(403, 'BadArgument', 'Refreshing requires a token');
    return [200, grant(conversationFor(req, who.claims.conv).conversation)];
  }));

  server.post(`${DIRECT_LINE_BASE}/conversations`, parseBody, route(async (req) => {
    const who = caller(req);
    if (who.kind === 'secret') return [201, await startConversation(startOptions(req.body))];
    // A token already names its conversation (made by /tokens/generate or the page's token route).
    const { conversation } = conversationFor(req, who.claims.conv);
    return [200, { conversationId: conversation.id, token: bearer(req), expires_in: secondsLeft(who.claims, now) }];
  }));

  server.get(`${DIRECT_LINE_BASE}/conversations/:conversationId`, route(async (req) => {
    const { conversation, who } = conversationFor(req, req.params.conversationId);
    const expiresIn = who.kind === 'token' ? secondsLeft(who.claims, now) : deps.tokenTtlSeconds;
    return [200, { conversationId: conversation.id, token: bearer(req), expires_in: expiresIn }];
  }));

  server.get(`${DIRECT_LINE_BASE}/conversations/:conversationId/activities`, route(async (req) => {
    const { conversation } = conversationFor(req, req.params.conversationId);
    const raw = new URL(req.url ?? '', 'http://localhost').searchParams.get('watermark');
    const watermark = raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
    const page = store.since(conversation, watermark);
    return [200, { activities: page.activities, watermark: String(page.watermark) }];
  }));

  server.post(`${DIRECT_LINE_BASE}/conversations/:conversationId/activities`, parseBody, route(async (req) => {
    const { conversation } = conversationFor(req, req.params.conversationId);
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.type !== 'string' || body.type === '') {
      throw new HttpError(400, 'BadArgument', 'The body must be an activity with a type');
    }
    const { deliveryMode: _mode, callerId: _caller, serviceUrl: _url, ...fields } = body;
    const name = isRecord(body.from) && typeof body.from.name === 'string' ? body.from.name : undefined;
    // The sender is whoever the token names, whatever the body claims.
    const inbound = {
      ...fields,
      id: activityId(conversation.id, nextSeq(conversation)),
      timestamp: new Date(now()),
      channelId: CHANNEL_ID,
      serviceUrl: SERVICE_URL,
      conversation: { id: conversation.id },
      from: { id: conversation.userId, name, role: 'user' },
      recipient: botAccount,
    } as Activity;
    store.append(conversation, inbound);
    await turn(conversation, inbound);
    return [200, { id: inbound.id }];
  }));

  function authenticatedConversation(req: restify.Request): string | undefined {
    const path = req.getPath();
    if (!path.startsWith(DIRECT_LINE_BASE)) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    const claims = match ? signer.verify(match[1]) : undefined;
    if (!claims) return undefined;
    const routed = CONVERSATION_PATH.exec(path);
    if (routed) return routed[1] === claims.conv ? claims.conv : undefined;
    return path === `${DIRECT_LINE_BASE}/tokens/refresh` || path === `${DIRECT_LINE_BASE}/conversations` ? claims.conv : undefined;
  }

  return { store, startConversation, authenticatedConversation };
}

function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

function nextSeq(conversation: DirectLineConversation): number {
  return conversation.firstSeq + conversation.activities.length;
}

function secondsLeft(claims: TokenClaims, now: () => number): number {
  return Math.max(0, claims.exp - Math.floor(now() / 1000));
}

function bearer(req: restify.Request): string {
  return (req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
}

/** The optional `{ user: { id }, locale }` of a start request, kept only when well-formed. */
function startOptions(body: unknown): { userId?: string; locale?: string } {
  if (!isRecord(body)) return {};
  const id = isRecord(body.user) ? body.user.id : undefined;
  return {
    userId: typeof id === 'string' && /^[\w.:@-]{1,64}$/.test(id) ? id : undefined,
    locale: typeof body.locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(body.locale) ? body.locale : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
