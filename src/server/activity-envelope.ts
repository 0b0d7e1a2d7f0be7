import { z } from 'zod';

const account = z.looseObject({ id: z.string().max(1024).optional() }).nullish();

// Only the fields the adapter and the bot dereference are checked; everything else (text, value,
// channelData) is read defensively further in, where its meaning is known.
const envelopeSchema = z.looseObject({
  type: z.string().min(1).max(64).refine((type) => type !== 'invoke', 'this bot handles no invoke activities'),
  id: z.string().max(1024).nullish(),
  channelId: z.string().max(256).nullish(),
  serviceUrl: z.string().max(2048).nullish(),
  conversation: z.looseObject({ id: z.string().min(1).max(1024), conversationType: z.string().max(64).nullish() }),
  from: account,
  recipient: account,
  membersAdded: z.array(z.looseObject({ id: z.string().max(1024) })).max(1000).nullish(),
  membersRemoved: z.array(z.looseObject({ id: z.string().max(1024) })).max(1000).nullish(),
  entities: z.array(z.looseObject({ type: z.string().max(256).nullish() })).max(100).nullish(),
  timestamp: z.string().max(64).nullish(),
  localTimestamp: z.string().max(64).nullish(),
  expiration: z.string().max(64).nullish(),
});

/** Why a request body is not an activity the server will run, or undefined when it is one. */
export function activityEnvelopeProblem(body: unknown): string | undefined {
  const parsed = envelopeSchema.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}
