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

/** How many clients of each kind are kept (one per bot identity, service URL and audience; channels use a handful). */
const MAX_CLIENTS = 64;

/**
 * A BotFrameworkAuthentication that authenticates exactly like `inner` but hands the adapter its
 * clients from bounded caches. A stock CloudAdapter builds a new ConnectorClient and a new
 * UserTokenClient (each an HTTP pipeline with its credentials) on every turn, which together cost
 * more CPU than a triage turn; neither holds per-turn state, so a ConnectorClient is reused per
 * (bot app id, service URL, audience) and a UserTokenClient per bot app id.
 */
export class CachedClientsAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients = new BoundedCache<ConnectorClient>(MAX_CLIENTS);
  private readonly userTokenClients = new BoundedCache<UserTokenClient>(MAX_CLIENTS);

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

  /** The client `inner` creates for this bot app id, created once. */
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    // `inner` builds it from the bot's app id (from the claims) and its own fixed settings only.
    return this.userTokenClients.get(botAppId(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
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
    return new CachedConnectorFactory(inner, botAppId(claimsIdentity), this.connectorClients);
  }
}

function botAppId(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

class CachedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: BoundedCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

/** Promises of clients by key, least recently used dropped first; a failed creation is not kept, so the next turn tries again. */
class BoundedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) {
      // Moved to the end: the most recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const created = create();
    created.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, created);
    return created;
  }
}
