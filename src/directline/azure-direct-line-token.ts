import { randomBytes } from 'node:crypto';

/** Where and how to reach Azure Bot Service's Direct Line channel. */
export interface AzureDirectLineOptions {
  /** AZURE_DIRECT_LINE_ENDPOINT: https://directline.botframework.com, a regional or sovereign-cloud one. */
  endpoint: string;
  /** AZURE_DIRECT_LINE_SECRET: the channel's secret; it never leaves this server. */
  secret: string;
}

/** What the page gets: a Direct Line token for one new conversation, and where to use it. */
export interface AzureGrant {
  conversationId: string;
  token: string;
  expires_in: number;
  /** The Direct Line base URL the page connects to. */
  domain: string;
}

/** Azure's answer was not a grant, or it refused: the page gets 502, the log gets the status. */
export class AzureDirectLineError extends Error {
  constructor(readonly status: number | undefined) {
    super(`Azure Direct Line tokens/generate failed${status ? ` with ${status}` : ''}`);
  }
}

/**
 * Exchanges the secret for a token at Direct Line's `POST /v3/directline/tokens/generate`, for a new
 * random user id (`dl_…`, which Web Chat reads from the token), so the page never holds the secret.
 */
export async function generateAzureToken(options: AzureDirectLineOptions, locale?: string): Promise<AzureGrant> {
  const base = `${options.endpoint.replace(/\/+$/, '')}/v3/directline`;
  let response: Response;
  try {
    response = await fetch(`${base}/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: `dl_${randomBytes(12).toString('base64url')}` }, ...(locale ? { locale } : {}) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new AzureDirectLineError(undefined);
  }
  if (!response.ok) throw new AzureDirectLineError(response.status);
  const body = (await response.json().catch(() => undefined)) as Partial<AzureGrant> | undefined;
  if (typeof body?.conversationId !== 'string' || typeof body.token !== 'string' || typeof body.expires_in !== 'number') {
    throw new AzureDirectLineError(response.status);
  }
  return { conversationId: body.conversationId, token: body.token, expires_in: body.expires_in, domain: base };
}
