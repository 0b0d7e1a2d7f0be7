import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a Direct Line token grants: one conversation, as one user, until `exp` (seconds since the epoch). */
export interface TokenClaims {
  conv: string;
  user: string;
  iat: number;
  exp: number;
}

/** Issues and checks Direct Line tokens. */
export interface TokenSigner {
  /** A signed token for `conversationId` and `userId`, valid for the configured lifetime from now. */
  issue(conversationId: string, userId: string): { token: string; expiresIn: number };
  /** The token's claims when its signature is ours and it has not expired; otherwise undefined. */
  verify(token: string): TokenClaims | undefined;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * HS256 JSON Web Tokens signed with `secret` (node:crypto, no JWT library). The JWT shape matters:
 * Web Chat decodes the token's `user` claim and takes it as its user id.
 */
export function createTokenSigner(secret: string, ttlSeconds: number, now: () => number = Date.now): TokenSigner {
  const sign = (data: string) => createHmac('sha256', secret).update(data).digest();
  return {
    issue(conversationId, userId) {
      const iat = Math.floor(now() / 1000);
      const claims: TokenClaims = { conv: conversationId, user: userId, iat, exp: iat + ttlSeconds };
      const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
      return { token: `${body}.${sign(body).toString('base64url')}`, expiresIn: ttlSeconds };
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
      const expected = sign(`${parts[0]}.${parts[1]}`);
      const given = Buffer.from(parts[2], 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let claims: TokenClaims;
      try {
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
      } catch {
        return undefined;
      }
      if (typeof claims.conv !== 'string' || typeof claims.user !== 'string' || typeof claims.exp !== 'number') return undefined;
      return claims.exp * 1000 > now() ? claims : undefined;
    },
  };
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
