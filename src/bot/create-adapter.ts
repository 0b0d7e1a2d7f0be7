import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logging/create-logger';
import type { Dialog } from '../triage/dialog-schema';
import type { EmergencyNumbers } from '../triage/emergency-numbers';
import { CachedClientsAuthentication } from './cached-clients-authentication';

/**
 * The Bot Framework adapter: anonymous when MicrosoftAppId is empty (local use), otherwise every
 * request must carry a valid channel token. A failed turn is logged with its conversation id and
 * the user gets a safe message that keeps the emergency number in view.
 */
export function createAdapter(config: Config, deps: { logger: Logger; dialog: Dialog; emergencyNumbers: EmergencyNumbers }): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  });
  const adapter = new CloudAdapter(new CachedClientsAuthentication(auth));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    deps.logger.error(
      { conversationId: context.activity.conversation?.id, channelId: context.activity.channelId, err: { name: error.name, message: error.message, stack: error.stack } },
      'turn failed',
    );
    const emergencyNumber = deps.emergencyNumbers.forLocale(context.activity.locale);
    try {
      await context.sendActivity(deps.dialog.messages.turnError.replaceAll('{emergencyNumber}', emergencyNumber));
    } catch (sendError) {
      deps.logger.error({ conversationId: context.activity.conversation?.id, err: { message: (sendError as Error).message } }, 'could not tell the user about a failed turn');
    }
  };
  return adapter;
}
