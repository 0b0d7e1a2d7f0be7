import { z } from 'zod';

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A kebab-case entry id; it must equal the entry's file name without `.md`. */
export const knowledgeIdSchema = z.string().regex(KEBAB_CASE, 'must be kebab-case (a-z, 0-9, hyphens)');

/**
 * One knowledge entry: the front matter of `knowledge/<id>.md` plus its body split at `## More`.
 * `sources` are seed ids ("001") or named guidelines ("NICE NG59", "triage-policy").
 */
export const knowledgeEntrySchema = z.strictObject({
  id: knowledgeIdSchema,
  title: z.string().trim().min(3).max(80),
  questions: z.array(z.string().trim().min(3).max(160)).min(5).max(8),
  sources: z.array(z.string().regex(/^(\d{3}|[A-Za-z][\w-]*(?: [\w.-]+)*)$/, 'must be a seed id like "001" or a named source like "NICE NG59"')).min(1),
  related: z.array(knowledgeIdSchema).max(6).default([]),
  keywords: z.array(z.string().trim().min(2)).default([]),
  answer: z.string().trim().min(40, 'the short answer (before "## More") is missing or too short').max(700, 'the short answer should be 2–4 sentences; move detail under "## More"'),
  more: z.string().trim().min(1).optional(),
});

/** A validated knowledge entry. */
export type KnowledgeEntry = z.infer<typeof knowledgeEntrySchema>;
