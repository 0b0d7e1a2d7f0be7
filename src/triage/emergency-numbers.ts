import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../content/project-root';
import { readJsonFile } from '../content/read-json-file';

const emergencyNumbersSchema = z.strictObject({
  fallback: z.string().min(1),
  byRegion: z.record(z.string().regex(/^[A-Z]{2}$/), z.string().min(1)),
  byLanguage: z.record(z.string().regex(/^[a-z]{2,3}$/), z.string().min(1)),
});

/** Where the emergency numbers live when no other path is given. */
export const DEFAULT_EMERGENCY_NUMBERS_FILE = path.join(PROJECT_ROOT, 'dialogs', 'emergency-numbers.json');

/** Finds the emergency number to tell a user from their locale ("en-GB" → 999); falls back to a sentence naming the common ones. */
export class EmergencyNumbers {
  private constructor(
    private readonly table: z.infer<typeof emergencyNumbersSchema>,
    private readonly override: (locale?: string) => string | undefined = () => undefined,
  ) {}

  /** Loads and validates `dialogs/emergency-numbers.json`; throws a ContentError naming the field. */
  static load(file = DEFAULT_EMERGENCY_NUMBERS_FILE): EmergencyNumbers {
    return new EmergencyNumbers(readJsonFile(file, emergencyNumbersSchema));
  }

  /** The same table, except where `override` names a number for the locale (a clinic's own emergency number). */
  withOverride(override: (locale?: string) => string | undefined): EmergencyNumbers {
    return new EmergencyNumbers(this.table, override);
  }

  /** The number (or the fallback sentence) for a BCP-47 locale such as "en-US"; never throws. */
  forLocale(locale?: string): string {
    const overridden = this.override(locale);
    if (overridden) return overridden;
    const [language, region] = (locale ?? '').replace('_', '-').split('-');
    const byRegion = region ? this.table.byRegion[region.toUpperCase()] : undefined;
    const byLanguage = language ? this.table.byLanguage[language.toLowerCase()] : undefined;
    return byRegion ?? byLanguage ?? this.table.fallback;
  }
}
