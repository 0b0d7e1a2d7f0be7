export { BotMetrics } from './bot-metrics';
