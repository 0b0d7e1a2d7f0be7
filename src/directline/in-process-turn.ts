import { CloudAdapter, DeliveryModes, type Activity, type TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
  type AuthenticateRequestResult,
} from 'botframework-connector';

/** The bot as the adapter sees it: anything with botbuilder's `run(context)`, such as an ActivityHandler. */
export interface TurnBot {
  run(context: TurnContext): Promise<void>;
}

/** Runs one inbound activity through the adapter and the bot, in this process, and resolves with the bot's replies. */
export type RunTurn = (activity: Activity) => Promise<Partial<Activity>[]>;

/**
 * Our Direct Line endpoint is a trusted channel inside this server, so its activities skip the Bot
 * Framework token check that `/api/messages` does, while going through the same adapter (middleware,
 * onTurnError) and bot. `deliveryMode: expectReplies` makes the adapter buffer every reply on the
 * turn context instead of posting it to a connector service, so no network is involved even when
 * MicrosoftAppId is configured.
 */
export function createInProcessTurn(adapter: CloudAdapter, bot: TurnBot, appId?: string): RunTurn {
  // With an app id configured, the adapter builds its user-token client from these claims and
  // rejects any other app id; without one it runs anonymously, as /api/messages does.
  const claims = appId
    ? [
        { type: AuthenticationConstants.AudienceClaim, value: appId },
        { type: AuthenticationConstants.AppIdClaim, value: appId },
      ]
    : [];
  const auth: AuthenticateRequestResult = {
    audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
    claimsIdentity: new ClaimsIdentity(claims, true),
    connectorFactory: new LocalConnectorFactory(),
  };
  return async (activity) => {
    let replies: Partial<Activity>[] = [];
    await adapter.processActivityDirect(auth, { ...activity, deliveryMode: DeliveryModes.ExpectReplies }, async (context) => {
      // Keep the buffer itself, not the context (revoked once the turn ends): replies sent by
      // middleware after the bot land in the same array.
      replies = context.bufferedReplyActivities;
      await bot.run(context);
    });
    return replies;
  };
}

/**
 * The adapter insists on a connector client for every turn. Replies never reach it (they are
 * buffered); only an update or delete of an earlier activity would, and those fail against our
 * endpoint, which does not implement the connector API.
 */
class LocalConnectorFactory extends ConnectorFactory {
  async create(serviceUrl: string): Promise<ConnectorClient> {
    return new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl });
  }
}
