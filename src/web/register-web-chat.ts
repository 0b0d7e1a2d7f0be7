import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type restify from 'restify';
import { PROJECT_ROOT } from '../content/project-root';
import type { Logger } from '../logging/create-logger';
import { loadWebChatBundle } from './web-chat-bundle';

/** What the chat page needs from the composition root. */
export interface WebChatDeps {
  logger: Logger;
  /** Origins of a Direct Line service other than this server (Azure's, WEBCHAT_DIRECT_LINE=azure) the page may connect to. */
  directLineOrigins?: string[];
}

const EMPTY_STYLE_HASH = `sha256-${createHash('sha256').update('').digest('base64')}`;
const PUBLIC_DIR = path.join(PROJECT_ROOT, 'src', 'web', 'public');

/**
 * Serves the chat page at GET /, its script and style under /web/, and Web Chat's own browser bundle
 * at /webchat/webchat.js (the copy `npm run build` made, see web-chat-bundle.ts; no CDN). The page gets its Direct Line token from
 * POST /api/directline/token (registered by registerDirectLine), so it holds no secret. Throws at
 * boot when a file is missing.
 */
export function registerWebChat(server: restify.Server, deps: WebChatDeps): void {
  const html = readFileSync(path.join(PUBLIC_DIR, 'index.html'), 'utf8');
  const { body: bundle, version: webChatVersion } = loadWebChatBundle();
  const assets: Record<string, StaticAsset> = {
    '/webchat/webchat.js': asset(bundle, 'text/javascript; charset=utf-8', `"webchat-${webChatVersion}"`),
    '/web/chat.js': asset(readFileSync(path.join(PUBLIC_DIR, 'chat.js')), 'text/javascript; charset=utf-8'),
    '/web/chat.css': asset(readFileSync(path.join(PUBLIC_DIR, 'chat.css')), 'text/css; charset=utf-8'),
  };
  deps.logger.debug({ webChatVersion }, 'web chat page registered at /');

  server.get('/', async (_req: restify.Request, res: restify.Response) => {
    const nonce = randomBytes(16).toString('base64');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, deps.directLineOrigins));
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    setCommonHeaders(res);
    res.sendRaw(200, html.replaceAll('{{nonce}}', nonce));
  });

  for (const [route, file] of Object.entries(assets)) {
    server.get(route, async (req: restify.Request, res: restify.Response) => {
      setCommonHeaders(res);
      res.setHeader('Content-Type', file.type);
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.setHeader('ETag', file.etag);
      res.setHeader('Vary', 'Accept-Encoding');
      if (req.header('if-none-match') === file.etag) {
        res.sendRaw(304, '');
        return;
      }
      if (/\bgzip\b/.test(req.header('accept-encoding') ?? '')) {
        res.setHeader('Content-Encoding', 'gzip');
        res.sendRaw(200, file.gzipped());
        return;
      }
      res.sendRaw(200, file.body);
    });
  }
}

/** Only this origin may supply scripts, styles (nonce'd, for Web Chat's injected ones), images and connections (and `directLineOrigins`, connections only). */
export function contentSecurityPolicy(nonce: string, directLineOrigins: readonly string[] = []): string {
  // Web Chat talks to a Direct Line service over HTTPS and its WebSocket stream.
  const connect = directLineOrigins.flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]);
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The hash is that of an empty <style>: react-scroll-to-bottom (inside Web Chat) adds one
    // without the nonce and fills it through the CSSOM, which CSP does not block.
    `style-src 'self' 'nonce-${nonce}' '${EMPTY_STYLE_HASH}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    ["connect-src 'self'", ...connect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

interface StaticAsset {
  body: Buffer;
  type: string;
  etag: string;
  gzipped(): Buffer;
}

function asset(body: Buffer, type: string, etag = `"${body.length.toString(36)}-${hash(body)}"`): StaticAsset {
  let gzipped: Buffer | undefined;
  // Compressed on first request, not at boot: the Web Chat bundle is 4 MB.
  return { body, type, etag, gzipped: () => (gzipped ??= gzipSync(body)) };
}

function hash(body: Buffer): string {
  return createHash('sha1').update(body).digest('base64url').slice(0, 16);
}

function setCommonHeaders(res: restify.Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}
