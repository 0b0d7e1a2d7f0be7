import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

/** How many connector clients are kept (one per bot identity, service URL and audience; channels use a handful). */
const MAX_CLIENTS = 64;

/**
 * A BotFrameworkAuthentication that authenticates exactly like `inner` but hands the adapter connector
 * clients from a bounded cache. A stock CloudAdapter builds a new ConnectorClient (an HTTP pipeline
 * and its credentials) on every turn, which cost more CPU than a whole triage turn; a client holds no
 * per-turn state, so one per (bot app id, service URL, audience) is reused.
 */
export class ConnectorClientCache extends BotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  /** Authenticates with `inner`; the result's connector factory serves cached clients. */
  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.cached(await this.inner.authenticateRequest(activity, authHeader));
  }

  /** Authenticates with `inner`; the result's connector factory serves cached clients. */
  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.cached(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  /** The factory of `inner`, serving cached clients. */
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.factory(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  /** As `inner`. */
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  /** As `inner`. */
  createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  /** As `inner`. */
  getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  /** As `inner`. */
  authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private cached(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory ? { ...result, connectorFactory: this.factory(result.connectorFactory, result.claimsIdentity) } : result;
  }

  private factory(inner: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    // The inner factory's credentials depend only on the bot's app id (from the claims) and the audience.
    const appId =
      claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
    return new CachedConnectorFactory(inner, appId, this.clients);
  }
}

class CachedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: Map<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = `${this.appId}\n${serviceUrl}\n${audience ?? ''}`;
    let client = this.clients.get(key);
    if (client) {
      this.clients.delete(key);
    } else {
      client = this.inner.create(serviceUrl, audience);
      // A failed creation is not kept: the next turn tries again.
      client.catch(() => this.clients.delete(key));
      if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value as string);
    }
    this.clients.set(key, client);
    return client;
  }
}
