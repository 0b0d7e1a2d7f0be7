import type { Config } from '../../config';
import type { AlertDestination, EscalationAlert } from '../../escalation/escalation-alert';
import { EscalationService } from '../../escalation/escalation-service';
import type { KeyValueStore } from '../../escalation/key-value-store';
import { WebhookDestination } from '../../escalation/webhook-destination';
import type { Logger } from '../../logging/create-logger';
import { AlertChannelRegistry } from './alert-channel-registry';
import { TeamsChannelDestination, type ProactiveAdapter } from './teams-channel-destination';

/** The escalation pieces the composition root wires in; `registry` exists only when Teams alerts are configured. */
export interface Escalation {
  service: EscalationService;
  registry: AlertChannelRegistry | undefined;
}

/**
 * Builds the escalation service from the configuration: a webhook destination when ESCALATION_WEBHOOK_URL
 * is set, a Teams channel destination when ESCALATION_TEAMS_ADMINS and MicrosoftAppId are set. With
 * neither, `service.shouldAlert` is always false. Call `service.start()` once the server listens.
 */
export function createEscalation(
  config: Config,
  deps: {
    storage: KeyValueStore;
    adapter: ProactiveAdapter;
    logger: Logger;
    /** The alerts a conversation record still carries (see `EscalationServiceOptions.committedAlerts`). */
    committedAlerts?: (source: string) => Promise<readonly EscalationAlert[]>;
  },
): Escalation {
  const destinations: AlertDestination[] = [];
  if (config.ESCALATION_WEBHOOK_URL && config.ESCALATION_WEBHOOK_SECRET) {
    destinations.push(new WebhookDestination({ url: config.ESCALATION_WEBHOOK_URL, secret: config.ESCALATION_WEBHOOK_SECRET }));
  }
  let registry: AlertChannelRegistry | undefined;
  if (config.ESCALATION_TEAMS_ADMINS.length > 0) {
    if (config.MicrosoftAppId) {
      registry = new AlertChannelRegistry({ store: deps.storage, adminIds: config.ESCALATION_TEAMS_ADMINS, logger: deps.logger });
      destinations.push(new TeamsChannelDestination({ adapter: deps.adapter, appId: config.MicrosoftAppId, registry, store: deps.storage }));
    } else {
      // Proactive messages to Teams need the bot's own app id.
      deps.logger.warn({ event: 'escalation.teams_disabled' }, 'ESCALATION_TEAMS_ADMINS is set but MicrosoftAppId is not: Teams alerts are off');
    }
  }
  const service = new EscalationService({
    store: deps.storage,
    destinations,
    dispositions: config.ESCALATION_DISPOSITIONS,
    includeUserText: config.ESCALATION_INCLUDE_USER_TEXT,
    logger: deps.logger,
    committedAlerts: deps.committedAlerts,
  });
  return { service, registry };
}
