import { z } from 'zod';
import { DISPOSITIONS } from './triage/dialog-schema';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const dispositionList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const items = (value ?? 'emergency_ambulance,emergency,consultation_24')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    for (const item of items) {
      if (!(DISPOSITIONS as readonly string[]).includes(item)) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not a disposition (${DISPOSITIONS.join(', ')})` });
      }
    }
    return items as (typeof DISPOSITIONS)[number][];
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  // The interface to listen on; empty: 127.0.0.1 when anonymous, every interface with MicrosoftAppId.
  HOST: optionalText,
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STORAGE: z.enum(['memory', 'blob']).default('memory'),
  BLOB_CONNECTION_STRING: optionalText,
  BLOB_CONTAINER: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be a valid blob container name').default('triage-state'),
  CONVERSATION_TTL_HOURS: z.coerce.number().positive().default(24),
  ESCALATION_WEBHOOK_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  ESCALATION_WEBHOOK_SECRET: optionalText,
  ESCALATION_DISPOSITIONS: dispositionList,
  ESCALATION_INCLUDE_USER_TEXT: flag,
  // Teams users (AAD object id or Teams user id) who may type "register escalations here" in a channel.
  ESCALATION_TEAMS_ADMINS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((id) => id.trim()).filter(Boolean)),
  ESCALATION_HANDOFF_CHANNELS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((id) => id.trim()).filter(Boolean)),
  DIRECTLINE_SECRET: optionalText,
  WEBCHAT_DIRECT_LINE: z.enum(['builtin', 'azure']).default('builtin'),
  AZURE_DIRECT_LINE_SECRET: optionalText,
  AZURE_DIRECT_LINE_ENDPOINT: z.string().url().default('https://directline.botframework.com'),
  DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(1800),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(262144),
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).default(2000),
  // 0 turns a limit off (benchmarks, load tests from one address).
  RATE_LIMIT_PER_MINUTE_CONVERSATION: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_PER_MINUTE_CLIENT: z.coerce.number().int().min(0).default(1200),
  RATE_LIMIT_PER_MINUTE_DIRECTLINE_CONVERSATION: z.coerce.number().int().min(0).default(300),
  TRUST_PROXY: flag,
  // The clinic's own services per disposition (phone, hours, booking, urgent care); see dialogs/services.json.
  SERVICES_FILE: optionalText,
  // The key of the audit trail's pseudonyms (HMAC-SHA-256 of the conversation key); keep it secret and stable.
  AUDIT_HASH_KEY: optionalText,
  // Bearer token for GET /metrics (Prometheus); empty: no /metrics route.
  METRICS_TOKEN: optionalText.refine((token) => token === undefined || token.length >= 16, 'must be at least 16 characters'),
});

/** Every environment variable the bot reads (each is documented in .env.example). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

/**
 * The bot's validated configuration. `anonymous`: no MicrosoftAppId, so no token vouches for a request.
 * `host`: the interface to listen on — HOST, or 127.0.0.1 when anonymous (anyone who reaches the port
 * could drive any conversation), or every interface (0.0.0.0) when requests must carry a channel token.
 */
export type Config = z.infer<typeof envSchema> & { anonymous: boolean; host: string };

/** A configuration value that failed validation; the message names each bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from `env` once; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.MicrosoftAppId && !config.MicrosoftAppPassword && config.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set');
  }
  if (config.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppId && !config.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant');
  }
  if (config.STORAGE === 'blob' && !config.BLOB_CONNECTION_STRING) {
    problems.push('BLOB_CONNECTION_STRING: required when STORAGE=blob');
  }
  if (config.ESCALATION_WEBHOOK_URL && !config.ESCALATION_WEBHOOK_SECRET) {
    problems.push('ESCALATION_WEBHOOK_SECRET: required when ESCALATION_WEBHOOK_URL is set');
  }
  if (config.WEBCHAT_DIRECT_LINE === 'azure' && !config.AZURE_DIRECT_LINE_SECRET) {
    problems.push('AZURE_DIRECT_LINE_SECRET: required when WEBCHAT_DIRECT_LINE=azure');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const anonymous = !config.MicrosoftAppId;
  return { ...config, anonymous, host: config.HOST ?? (anonymous ? '127.0.0.1' : '0.0.0.0') };
}
