import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity the bot posted to the stand-in, with the conversation it was posted in. */
export interface PostedActivity {
  conversationId: string;
  activity: { type?: string; text?: string; attachments?: unknown[]; channelData?: { triage?: { questionId?: string; outcome?: { disposition: string; facts: Record<string, unknown> } } } };
}

/**
 * A loopback stand-in of the Teams Bot Connector service: `POST /v3/conversations` opens a 1:1 chat
 * (the same id for the same user, as Teams does; 403 for the users in `refuse`, as for a user without
 * the app), and `POST /v3/conversations/:id/activities[/:replyToId]` records what the bot posts.
 */
export class TeamsServiceStandIn {
  readonly posted: PostedActivity[] = [];
  readonly created: Array<{ members: Array<{ id: string }>; tenantId?: string; isGroup?: boolean }> = [];
  readonly refuse = new Set<string>();
  private server?: Server;
  url = '';

  async listen(): Promise<string> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        const path = (request.url ?? '').split('?')[0];
        response.setHeader('content-type', 'application/json');
        if (request.method === 'POST' && path === '/v3/conversations') {
          this.created.push(body);
          const user = body.members?.[0]?.id as string;
          if (this.refuse.has(user)) {
            response.statusCode = 403;
            response.end(JSON.stringify({ error: { code: 'Forbidden', message: 'The bot is not installed for the user' } }));
            return;
          }
          response.statusCode = 201;
          response.end(JSON.stringify({ id: `a:private-${user}` }));
          return;
        }
        const activity = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(path);
        if (request.method === 'POST' && activity) {
          this.posted.push({ conversationId: decodeURIComponent(activity[1]), activity: body });
          response.statusCode = 201;
          response.end(JSON.stringify({ id: `posted-${this.posted.length}` }));
          return;
        }
        response.statusCode = 404;
        response.end('{}');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return this.url;
  }

  /** What the bot posted in conversation `id`. */
  postedIn(id: string): PostedActivity['activity'][] {
    return this.posted.filter((entry) => entry.conversationId === id).map((entry) => entry.activity);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
