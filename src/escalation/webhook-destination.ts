import { createHmac } from 'node:crypto';
import { DeliveryError, type AlertDestination, type EscalationAlert } from './escalation-alert';

/** The JSON body POSTed for an alert: the fields of issue 7, and for a follow-up (`type: "triage.correction"`) the `correction`. */
export function webhookPayload(alert: EscalationAlert) {
  return {
    ...(alert.correction && { correction: alert.correction }),
    type: alert.type,
    id: alert.id,
    createdAt: alert.createdAt,
    disposition: alert.disposition,
    redFlags: alert.redFlags,
    facts: alert.facts,
    conversation: { id: alert.conversation.id, channelId: alert.conversation.channelId },
    user: { id: alert.user.id },
    summary: alert.summary,
  };
}

/** The `X-Signature-256` header value: `sha256=` and the hex HMAC-SHA256 of the raw body with `secret`. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Settings of a webhook destination. */
export interface WebhookDestinationOptions {
  url: string;
  secret: string;
  /** The most one POST may take, answer included. */
  timeoutMs?: number;
  name?: string;
}

/** POSTs each alert as signed JSON with `Idempotency-Key: <alert id>`; any 2xx is delivered, anything else throws a DeliveryError. */
export class WebhookDestination implements AlertDestination {
  readonly name: string;
  private readonly url: string;
  private readonly secret: string;
  private readonly timeoutMs: number;

  constructor({ url, secret, timeoutMs = 5_000, name = 'webhook' }: WebhookDestinationOptions) {
    this.url = url;
    this.secret = secret;
    this.timeoutMs = timeoutMs;
    this.name = name;
  }

  async deliver(alert: EscalationAlert, signal?: AbortSignal): Promise<void> {
    const body = JSON.stringify(webhookPayload(alert));
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, this.timeoutMs);
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Signature-256': signWebhookBody(body, this.secret),
          'Idempotency-Key': alert.id,
        },
        body,
        // A redirect would re-send the alert somewhere nobody configured: a 3xx is a failure.
        redirect: 'manual',
        signal: controller.signal,
      });
      // Reading the body frees the connection; its content is never logged.
      await response.arrayBuffer();
      if (!response.ok) throw new DeliveryError(`HTTP ${response.status}`);
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      if (controller.signal.aborted) throw new DeliveryError('timed out');
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      throw new DeliveryError(typeof code === 'string' ? `connection failed: ${code}` : 'connection failed');
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
  }
}
