// Only the fields the adapter and the bot dereference are checked; everything else (text, value,
// channelData) is read defensively further in, where its meaning is known. Plain checks rather than a
// zod schema: this runs on every request, and the schema cost more than the rest of the routing.

type Check = (value: unknown) => string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (max: number, min = 0): Check => (value) =>
  typeof value !== 'string' ? 'must be a string' : value.length < min || value.length > max ? `must be ${min}–${max} characters` : undefined;
const optional = (check: Check): Check => (value) => (value === undefined || value === null ? undefined : check(value));
const object = (fields: Record<string, Check>): Check => (value) => {
  if (!isObject(value)) return 'must be an object';
  for (const [name, check] of Object.entries(fields)) {
    const problem = check(value[name]);
    if (problem) return `${name}: ${problem}`;
  }
  return undefined;
};
const list = (item: Check, max: number): Check => (value) => {
  if (!Array.isArray(value)) return 'must be an array';
  if (value.length > max) return `must have at most ${max} items`;
  for (const [index, entry] of value.entries()) {
    const problem = item(entry);
    if (problem) return `${index}: ${problem}`;
  }
  return undefined;
};

const account = optional(object({ id: optional(text(1024)) }));
const member = object({ id: text(1024) });
const envelope = object({
  type: (value) => text(64, 1)(value) ?? (value === 'invoke' ? 'this bot handles no invoke activities' : undefined),
  id: optional(text(1024)),
  channelId: optional(text(256)),
  serviceUrl: optional(text(2048)),
  conversation: object({ id: text(1024, 1), conversationType: optional(text(64)) }),
  from: account,
  recipient: account,
  membersAdded: optional(list(member, 1000)),
  membersRemoved: optional(list(member, 1000)),
  entities: optional(list(object({ type: optional(text(256)) }), 100)),
  timestamp: optional(text(64)),
  localTimestamp: optional(text(64)),
  expiration: optional(text(64)),
});

const LOOPBACK_URL = /^https?:\/\/(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d{1,5})?(?:\/|$)/i;

/**
 * Why a request body is not an activity the server will run ("conversation: must be an object"), or
 * undefined when it is one. `anonymous` (no MicrosoftAppId, so no channel token vouches for the
 * serviceUrl): replies that would be posted back (any delivery mode but expectReplies) may only go to
 * a loopback serviceUrl (the Emulator), so an unauthenticated caller cannot make the bot send requests
 * elsewhere — nor to the public Bot Framework service when serviceUrl is missing.
 */
export function activityEnvelopeProblem(body: unknown, options: { anonymous: boolean }): string | undefined {
  const problem = envelope(body);
  if (problem || !options.anonymous) return problem;
  const { deliveryMode, serviceUrl } = body as { deliveryMode?: unknown; serviceUrl?: unknown };
  if (deliveryMode !== 'expectReplies' && !(typeof serviceUrl === 'string' && LOOPBACK_URL.test(serviceUrl))) {
    return 'serviceUrl: without MicrosoftAppId, replies are only posted to a loopback serviceUrl (or use deliveryMode expectReplies)';
  }
  return undefined;
}
