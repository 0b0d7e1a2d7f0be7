import type { ConversationReference, TurnContext } from 'botbuilder';
import { DeliveryError, type AlertDestination, type EscalationAlert } from '../../escalation/escalation-alert';
import type { KeyValueStore } from '../../escalation/key-value-store';
import { updateDocument } from '../../escalation/update-document';
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
  /** Where the channels that already got an alert are recorded; the bot's shared storage, so a restart or another instance does not post again. */
  store: KeyValueStore;
}

/** The store key of the Teams conversations that already got alert `alertId`. */
export function teamsPostedKey(alertId: string): string {
  return `escalation-teams-posted-${alertId}`;
}

interface PostedDocument {
  conversationIds: string[];
}

/**
 * Posts each alert as a proactive Adaptive Card message to every registered Teams channel or group chat.
 * Throws (so the alert is retried) when no channel is registered or any channel fails. A channel that
 * got the alert is recorded in the store at once, so no instance posts it there again, after a restart
 * neither (Teams has no idempotency key).
 */
export class TeamsChannelDestination implements AlertDestination {
  readonly name = 'teams';
  private readonly adapter: ProactiveAdapter;
  private readonly appId: string;
  private readonly registry: AlertChannelRegistry;
  private readonly store: KeyValueStore;

  constructor({ adapter, appId, registry, store }: TeamsChannelDestinationOptions) {
    this.adapter = adapter;
    this.appId = appId;
    this.registry = registry;
    this.store = store;
  }

  async deliver(alert: EscalationAlert, signal?: AbortSignal): Promise<void> {
    const references = await this.registry.references();
    if (references.length === 0) throw new DeliveryError('no Teams channel registered');
    const key = teamsPostedKey(alert.id);
    const posted = ((await this.store.read([key]))[key] as PostedDocument | undefined)?.conversationIds ?? [];
    let failures = 0;
    for (const reference of references) {
      const conversationId = reference.conversation?.id ?? '';
      if (posted.includes(conversationId)) continue;
      if (signal?.aborted) throw new DeliveryError('timed out');
      try {
        await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
          await context.sendActivity(buildAlertActivity(alert));
        });
      } catch {
        failures += 1;
        continue;
      }
      await updateDocument<PostedDocument>(this.store, key, (current) =>
        current?.conversationIds.includes(conversationId) ? undefined : { conversationIds: [...(current?.conversationIds ?? []), conversationId] },
      );
    }
    if (failures > 0) throw new DeliveryError(`${failures} of ${references.length} Teams conversations failed`);
  }
}
