import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ContentError } from './content-error';

/** Reads a JSON file and validates it with `schema`; throws a ContentError naming the file and field. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ContentError(file, [(error as Error).message]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw ContentError.fromZod(file, parsed.error);
  return parsed.data;
}
