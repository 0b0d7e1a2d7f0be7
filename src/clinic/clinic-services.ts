import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../content/project-root';
import { readJsonFile } from '../content/read-json-file';
import { DISPOSITIONS } from '../triage/dialog-schema';

/** Days of the week as the services file names them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const text = z.string().trim().min(1);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as "08:00"');

const openingSchema = z
  .strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), opens: clockTime, closes: clockTime })
  .refine((opening) => opening.opens < opening.closes, { message: 'opens must be before closes (same day)', path: ['closes'] });

const timeZone = text.refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as "Europe/London"' },
);

const placeSchema = z.strictObject({ name: text, address: text });

/** One clinic's services: who to call for each disposition and when they are open, in the clinic's time zone. */
const clinicSchema = z.strictObject({
  name: text,
  timeZone,
  /** Replaces the locale's emergency number everywhere the bot says it. */
  emergencyNumber: text.optional(),
  sameDay: z.strictObject({ phone: text, hours: z.array(openingSchema).min(1) }).optional(),
  outOfHours: z.strictObject({ phone: text }).optional(),
  urgentCare: placeSchema.optional(),
  emergencyDepartment: placeSchema.optional(),
  booking: z
    .strictObject({ url: z.url().optional(), phone: text.optional() })
    .refine((booking) => booking.url !== undefined || booking.phone !== undefined, { message: 'needs a url or a phone' })
    .optional(),
});

/** What a disposition can show, in the order `show` lists it. */
export const SERVICE_KINDS = ['sameDay', 'outOfHours', 'urgentCare', 'emergencyDepartment', 'booking'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

const sentenceKeys = [
  'sameDayOpen', 'sameDayClosed', 'outOfHoursLater', 'outOfHoursNow', 'outOfHoursAlways', 'urgentCare',
  'emergencyDepartment', 'bookingOnline', 'bookingByPhone', 'dayRange',
] as const;

/** The whole of `dialogs/services.json`: a default clinic (or none), clinics per locale, what each disposition shows, the sentences. */
export const servicesFileSchema = z.strictObject({
  default: clinicSchema.nullable(),
  /** BCP-47 tags ("en-GB") or languages ("en"); the most specific match wins, then `default`. */
  byLocale: z.record(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language ("en") or a locale ("en-GB")'), clinicSchema),
  show: z.strictObject(Object.fromEntries(DISPOSITIONS.map((d) => [d, z.array(z.enum(SERVICE_KINDS))])) as Record<(typeof DISPOSITIONS)[number], z.ZodArray<z.ZodEnum<{ [K in ServiceKind]: K }>>>),
  sentences: z.strictObject({
    ...(Object.fromEntries(sentenceKeys.map((key) => [key, text])) as Record<(typeof sentenceKeys)[number], typeof text>),
    days: z.strictObject(Object.fromEntries(WEEKDAYS.map((day) => [day, text])) as Record<Weekday, typeof text>),
  }),
});

export type ServicesFile = z.infer<typeof servicesFileSchema>;
export type Clinic = z.infer<typeof clinicSchema>;
export type Opening = z.infer<typeof openingSchema>;

/** Where the clinic's services live when no other path is given. */
export const DEFAULT_SERVICES_FILE = path.join(PROJECT_ROOT, 'dialogs', 'services.json');

/** The clinic's services as data: which clinic serves a locale, and the file's sentences and display rules. */
export class ClinicServices {
  private constructor(readonly file: ServicesFile) {}

  /** Loads and validates a services file; throws a ContentError naming the file and the field. */
  static load(file = DEFAULT_SERVICES_FILE): ClinicServices {
    return new ClinicServices(readJsonFile(file, servicesFileSchema));
  }

  /** The clinic for a locale ("en-GB" → byLocale "en-GB", then "en", then default); undefined when none is configured. */
  clinicFor(locale?: string): Clinic | undefined {
    const [language, region] = (locale ?? '').replace('_', '-').split('-');
    const exact = language && region ? this.file.byLocale[`${language.toLowerCase()}-${region.toUpperCase()}`] : undefined;
    const byLanguage = language ? this.file.byLocale[language.toLowerCase()] : undefined;
    return exact ?? byLanguage ?? this.file.default ?? undefined;
  }
}
