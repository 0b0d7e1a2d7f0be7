export { registerDirectLine, DIRECT_LINE_BASE, TOKEN_ROUTE } from './register-direct-line';
export type { DirectLineDeps, DirectLineEndpoint, ConversationGrant } from './register-direct-line';
export type { TurnBot } from './in-process-turn';
export type { ActivityLogLimits, TranscriptEraser } from './activity-log-store';
