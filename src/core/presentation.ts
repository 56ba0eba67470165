// Presentation rules every command and adapter shares, each in one place: how a percentile or a
// score reads as a tone, the tone's colour and mark, the default chart size, clipping (the caveat is the
// catalog's: common.caveat). The renderer imports this file, so it stays free of the catalogs.
import type { Tone } from './types.ts';

/** The regimes in rising order ('missing' is no regime: a number that could not be had). */
export const TONES: readonly Tone[] = ['calm', 'elevated', 'high', 'extreme'];

/** The tone of `x` against rising cut-points [elevated, high, extreme]; a number that is not finite is 'missing'. */
function toneAt(x: number, [elevated, high, extreme]: readonly [number, number, number]): Tone {
  if (!Number.isFinite(x)) return 'missing';
  if (x < elevated) return 'calm';
  if (x < high) return 'elevated';
  if (x < extreme) return 'high';
  return 'extreme';
}

/**
 * Tone of a percentile rank in [0, 1] against the command's own history: calm < 0.6 ≤ elevated
 * < 0.8 ≤ high < 0.95 ≤ extreme. Every command ranking a number against its past uses this one rule.
 */
export const toneOfPercentile = (p: number): Tone => toneAt(p, [0.6, 0.8, 0.95]);

/** Tone of a 0-100 stress score (a blend of percentiles): calm < 40 ≤ elevated < 65 ≤ high < 80 ≤ extreme. */
export const toneOfScore = (score: number): Tone => toneAt(score, [40, 65, 80]);

/** 0.93 → "93rd percentile"; 0.02 → "2nd percentile". */
export function percentileWords(p: number): string {
  const n = Math.round(p * 100);
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix} percentile`;
}

/** Regime colours: chart bands, Discord embeds and the playground's CSS use these. */
export const TONE_COLORS: Record<Tone, string> = {
  calm: '#6a9fc0', elevated: '#d9b44a', high: '#e07b39', extreme: '#a50f15',
  /** No data: neutral grey, never a regime colour. */
  missing: '#94a3b8',
};

/** The tone as one character, where a platform shows text only. */
export const TONE_MARK: Record<Tone, string> = { calm: '🟢', elevated: '🟡', high: '🟠', extreme: '🔴', missing: '⚪' };


/** A chart's size when its spec names none (16:9, sharp on a phone and a desktop). */
export const DEFAULT_CHART = { width: 1200, height: 675 } as const;

/** At most `max` UTF-16 units, ending in "…" when cut, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}
