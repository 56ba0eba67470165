// Which language an answer speaks. Most specific first: `lang=` on the line, the channel's
// /stress-settings, the platform's user (or server) locale, then BOT_LOCALE.

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

/** `ko`, `ko-KR`, `ko_KR` → 'ko'; `en-US`, `en-GB` → 'en'; anything else undefined. */
export function parseLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : undefined;
}

export interface LocaleSources {
  /** `lang=` typed on this line (or a Korean command alias). */
  line?: Locale;
  /** The channel's (or server's) /stress-settings lang. */
  channel?: Locale;
  /** Platform locales of the user, then of the server, as the platform spells them (`ko`, `en-US`). */
  platform?: readonly (string | null | undefined)[];
  fallback: Locale;
}

export function resolveLocale(s: LocaleSources): Locale {
  return s.line ?? s.channel ?? s.platform?.map(parseLocale).find((l) => l !== undefined) ?? s.fallback;
}
