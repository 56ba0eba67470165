// The one chart theme. Series take the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
// distinguishable with every common colour-vision deficiency; regime tones are a muted ramp shown only
// as pale fills and tags, so a tone is never mistaken for a series.
import { DEFAULT_CHART, TONE_COLORS as CORE_TONE_COLORS } from '../core/presentation.ts';

/** Series colours in the order series take them when they name none (Okabe–Ito without its yellow, too faint on white). */
export const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'] as const;

/** Regime colours (src/core/presentation.ts); a band labelled calm/elevated/high/extreme takes its colour from here. */
export const TONE_COLORS: Record<string, string> = { ...CORE_TONE_COLORS };
/** A missing number is never calm: its own neutral grey (also for any tone this theme does not know). */
export const NO_DATA_COLOR = '#94a3b8';
export const toneColor = (tone: string | undefined): string => TONE_COLORS[tone?.toLowerCase() ?? ''] ?? NO_DATA_COLOR;

export const INK = '#111827';
export const TEXT = '#374151';
export const MUTED = '#6b7280';
export const GRID = '#e5e7eb';
export const AXIS = '#9ca3af';
/** Below-zero bars of a single unnamed-colour bar series (sells, outflows). */
export const NEGATIVE = '#D55E00';
export const BAND_ALPHA = 0.18;

export const { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT } = DEFAULT_CHART;

/**
 * Type sizes in px for a 1000 px wide page, scaled with the width: a 1000–1200 px chart shown 390 px
 * wide on a phone keeps ticks, legends and tags at ≥ 9 CSS px (24 px × 390/1000 ≈ 9.4) and titles at ≥ 13.
 */
export const TYPE = { title: 34, subtitle: 23, cellTitle: 26, tick: 24, legend: 24, tag: 24, label: 22, footer: 19 } as const;
