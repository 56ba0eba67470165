// What users type, made into what the parser reads, and every change to its meaning said back
// (issue 13 item 5). Pure: no clock (the caller passes today's date), no data, no platform words.
// Character folding (full-width forms from a Korean IME, the typographic minus the bot itself prints)
// changes no value, so it is not echoed; a date moved or a unit guessed is, in the asker's language.
import { messages } from './i18n/index.ts';
import type { Locale } from './i18n/locale.ts';

/** NFKC folds full-width ／ ＝ ０-９ and letters to ASCII; U+2212 and the dashes NFKC keeps are minus signs here. */
export function foldCharacters(line: string): string {
  return line.normalize('NFKC').replace(/[\u2212\u2012\u2013\uFE63\uFF0D]/g, '-');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date in Seoul at `now` (KST is UTC+9 all year, no daylight saving). */
export const seoulDateOf = (now: Date): string => new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

export const addCalendarDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface NormalizedArgs {
  /** key=value words as the schema reads them. */
  words: string[];
  /** One line per change of meaning, for the answer's notes. */
  notes: string[];
}

/**
 * Rewrites argument words: a bare date becomes `asof=<date>` (when the command takes asof=; no
 * positional argument is a date), `asof=today|yesterday` becomes the date in Seoul.
 * `today` is the caller's date in the market's time zone (YYYY-MM-DD).
 */
export function normalizeArgWords(words: readonly string[], opts: { takesAsof: boolean; today: string; locale?: Locale | undefined }): NormalizedArgs {
  const notes: string[] = [];
  const t = messages(opts.locale).notes;
  const out = words.map((word) => {
    const eq = word.indexOf('=');
    if (eq <= 0) return opts.takesAsof && ISO_DATE.test(word) ? `asof=${word}` : word;
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1).toLowerCase();
    if (key === 'asof' && (value === 'today' || value === 'yesterday')) {
      const date = value === 'today' ? opts.today : addCalendarDays(opts.today, -1);
      notes.push(t.asofWord(value, date));
      return `asof=${date}`;
    }
    return word;
  });
  return { words: out, notes };
}

/**
 * Percent arguments that look typed as decimals: taken as typed, with a hint. Keys are the ones whose
 * everyday values are well above 1 % (implied vol) or rarely below 0.2 % (rates), so a smaller number is
 * most likely the other unit.
 */
const DECIMAL_LOOKING: Record<string, { below: number; what: string }> = {
  iv: { below: 1, what: 'implied vol' },
  rate: { below: 0.2, what: 'rate' },
  q: { below: 0.2, what: 'dividend yield' },
};

export function unitHints(raw: Readonly<Record<string, string>>, locale?: Locale): string[] {
  const out: string[] = [];
  const t = messages(locale).notes;
  for (const [key, value] of Object.entries(raw)) {
    const rule = DECIMAL_LOOKING[key];
    const typed = value.trim().replace(/%$/, '');
    const x = Number(typed);
    if (!rule || value.trim().endsWith('%') || !Number.isFinite(x) || !(x > 0 && x < rule.below)) continue;
    const meant = Number((x * 100).toPrecision(6));
    out.push(t.unitHint(key, typed, meant));
  }
  return out;
}

/**
 * The note for an asked date answered at another session, or null when they are the same.
 * `closure`: why the market was shut on the asked date ('weekend' or a holiday name), if it was;
 * `sessionBefore`: the market's last session before the asked date; `lastData`: true when `answered`
 * is the latest session the data holds.
 */
export function dateMoveNote(asked: string, answered: string, at: { closure?: string; sessionBefore: string; lastData: boolean }, locale?: Locale): string | null {
  if (asked === answered || answered > asked) return null;
  const t = messages(locale).notes;
  if (at.closure && answered === at.sessionBefore) {
    return at.closure === 'weekend' ? t.weekend(asked, new Date(`${asked}T00:00:00Z`).getUTCDay(), answered) : t.holiday(asked, at.closure, answered);
  }
  if (at.lastData) return t.lastSession(asked, answered);
  return t.noDataOn(asked, answered);
}
