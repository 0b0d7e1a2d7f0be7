import type { MiddlewareHandler } from 'botbuilder';

// A BCP-47 tag as channels send it ("en-US", "zh-Hant-TW", "en_GB"); 35 characters is the longest
// the stored record keeps, so a longer one would make the conversation unreadable next turn.
const LOCALE = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,4}$/;

/** True for a locale tag the bot may store and look up. */
export function isUsableLocale(locale: unknown): locale is string {
  return typeof locale === 'string' && locale.length <= 35 && LOCALE.test(locale);
}

/**
 * Adapter middleware: a locale that is not a well-formed tag (a number, 10 kB of text, control
 * characters) is dropped before the bot sees it, for /api/messages and Direct Line alike.
 */
export function localeGuard(): MiddlewareHandler {
  return async (context, next) => {
    const activity = context.activity as { locale?: unknown };
    if (activity.locale !== undefined && !isUsableLocale(activity.locale)) delete activity.locale;
    await next();
  };
}
