import type { z } from 'zod';

/** A content file (dialog, lexicon, knowledge entry) that failed validation; the message names the file and the field. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid content in ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ContentError';
  }

  /** Builds the error from a zod failure, one line per issue with its field path. */
  static fromZod(file: string, error: z.ZodError): ContentError {
    return new ContentError(
      file,
      error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`),
    );
  }
}
