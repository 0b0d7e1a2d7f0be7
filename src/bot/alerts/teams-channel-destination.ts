import type { ConversationReference, TurnContext } from 'botbuilder';
import { DeliveryError, type AlertDestination, type EscalationAlert } from '../../escalation/escalation-alert';
import { buildAlertActivity } from './alert-card';
import type { AlertChannelRegistry } from './alert-channel-registry';

/** The part of botbuilder's CloudAdapter a proactive alert needs. */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/** Settings of the Teams destination. */
export interface TeamsChannelDestinationOptions {
  adapter: ProactiveAdapter;
  /** The bot's MicrosoftAppId. */
  appId: string;
  registry: AlertChannelRegistry;
}

/**
 * Posts each alert as a proactive Adaptive Card message to every registered Teams channel or group chat.
 * Throws (so the alert is retried) when no channel is registered or any channel fails; a channel that
 * already got the alert is not posted to again by this process.
 */
export class TeamsChannelDestination implements AlertDestination {
  readonly name = 'teams';
  private readonly adapter: ProactiveAdapter;
  private readonly appId: string;
  private readonly registry: AlertChannelRegistry;
  private readonly posted = new Set<string>();

  constructor({ adapter, appId, registry }: TeamsChannelDestinationOptions) {
    this.adapter = adapter;
    this.appId = appId;
    this.registry = registry;
  }

  async deliver(alert: EscalationAlert, signal?: AbortSignal): Promise<void> {
    const references = await this.registry.references();
    if (references.length === 0) throw new DeliveryError('no Teams channel registered');
    const keys = references.map((reference) => `${alert.id} ${reference.conversation?.id}`);
    let failures = 0;
    for (const [index, reference] of references.entries()) {
      if (this.posted.has(keys[index])) continue;
      if (signal?.aborted) throw new DeliveryError('timed out');
      try {
        await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
          await context.sendActivity(buildAlertActivity(alert));
        });
        this.posted.add(keys[index]);
      } catch {
        failures += 1;
      }
    }
    if (failures > 0) throw new DeliveryError(`${failures} of ${references.length} Teams conversations failed`);
    for (const key of keys) this.posted.delete(key);
  }
}
