export { buildAlertActivity } from './alert-card';
export { ALERT_CHANNELS_KEY, AlertChannelRegistry, type AlertChannelRegistryOptions } from './alert-channel-registry';
export { TeamsChannelDestination, type ProactiveAdapter, type TeamsChannelDestinationOptions } from './teams-channel-destination';
export { createEscalation, type Escalation } from './create-escalation';
