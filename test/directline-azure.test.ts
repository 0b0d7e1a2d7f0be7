import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { startBotServer, type BotServer } from './support/bot-server';

// WEBCHAT_DIRECT_LINE=azure, as a page and an operator notice it: the page's token route hands out a token
// from Azure's Direct Line (here a loopback stand-in of tokens/generate), the secret never reaches the page,
// the page may connect to that service, and a refusal is a clear 502, not a crash.
const SECRET = 'azure-direct-line-secret-value';

interface StandIn {
  url: string;
  requests: Array<{ path: string; headers: IncomingHttpHeaders; body: { user?: { id?: string }; locale?: string } }>;
  status: number;
  close(): Promise<void>;
}

async function azureStandIn(): Promise<StandIn> {
  const standIn = { requests: [], status: 200 } as unknown as StandIn;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      standIn.requests.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
      response.statusCode = standIn.status;
      response.setHeader('content-type', 'application/json');
      response.end(standIn.status === 200 ? JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600 }) : '{"error":{"code":"BadArgument"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () => new Promise((resolve) => server.close(() => resolve()));
  return standIn;
}

let azure: StandIn;
let bot: BotServer;
beforeEach(async () => {
  azure = await azureStandIn();
  bot = await startBotServer({ WEBCHAT_DIRECT_LINE: 'azure', AZURE_DIRECT_LINE_SECRET: SECRET, AZURE_DIRECT_LINE_ENDPOINT: `${azure.url}/` });
});
afterEach(async () => {
  await bot.close();
  await azure.close();
});

const token = (body: unknown = { locale: 'en-GB' }) =>
  fetch(`${bot.url}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it("exchanges the secret server-side at Azure's tokens/generate and gives the page the token and the domain", async () => {
  const res = await token();
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(JSON.parse(text)).toEqual({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600, domain: `${azure.url}/v3/directline` });
  expect(text).not.toContain(SECRET);
  expect(azure.requests).toHaveLength(1);
  expect(azure.requests[0].path).toBe('/v3/directline/tokens/generate');
  expect(azure.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
  expect(azure.requests[0].body.user?.id).toMatch(/^dl_/);
  expect(azure.requests[0].body.locale).toBe('en-GB');
  // Each page gets its own user.
  await token();
  expect(azure.requests[1].body.user?.id).not.toBe(azure.requests[0].body.user?.id);
});

it("lets the page connect to the Direct Line service's origin, over HTTPS and its WebSocket", async () => {
  const csp = (await fetch(`${bot.url}/`)).headers.get('content-security-policy') ?? '';
  const origin = azure.url;
  expect(csp).toMatch(new RegExp(`connect-src 'self' ${origin} ${origin.replace('http', 'ws')};`));
});

it('answers 502 with Retry-After when Azure refuses, without the secret or its answer', async () => {
  azure.status = 403;
  const res = await token();
  expect(res.status).toBe(502);
  expect(res.headers.get('retry-after')).toBe('60');
  const text = await res.text();
  expect(text).toMatch(/try again/);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain('BadArgument');
});

it('refuses to boot in azure mode without the secret, naming the variable', () => {
  expect(() => loadConfig({ WEBCHAT_DIRECT_LINE: 'azure' })).toThrow(/AZURE_DIRECT_LINE_SECRET: required when WEBCHAT_DIRECT_LINE=azure/);
});
