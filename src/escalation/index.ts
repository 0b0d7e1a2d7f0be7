export { DISPOSITION_HEADLINES, RED_FLAG_WORDS, buildAlertSummary, type SummaryInput } from './alert-summary';
export { DeliveryError, type AlertDestination, type EscalationAlert, type EscalationRequest } from './escalation-alert';
export { EscalationService, type DeadLetter, type EscalationResult, type EscalationServiceOptions } from './escalation-service';
export type { KeyValueStore, StoreItem, StoreItems } from './key-value-store';
export { DEAD_LETTER_INDEX_KEY, OUTBOX_INDEX_KEY, outboxRecordKey, type DeliveryState, type OutboxRecord, type SettledRecord } from './outbox';
export { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy';
export { updateDocument } from './update-document';
export { WebhookDestination, signWebhookBody, webhookPayload, type WebhookDestinationOptions } from './webhook-destination';
