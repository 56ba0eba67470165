// Axis tick labels: the fewest decimals that show every tick exactly, thousands separators,
// compact suffixes for big money amounts, and the panel's unit ('%' = decimals shown as percent).

const CURRENCY_PREFIXES = new Set(['$', '₩', '€', '¥', '£']);
const fixedFormats = new Map<number, Intl.NumberFormat>();
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2, signDisplay: 'negative' });

function fixedFormat(decimals: number): Intl.NumberFormat {
  let f = fixedFormats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay: 'negative', // float noise like -1e-17 must not print as "-0"
    });
    fixedFormats.set(decimals, f);
  }
  return f;
}

/** Fewest decimals (0-4) at which every value survives rounding, so 0.25 and 0.5 print as 0.25 and 0.50. */
export function decimalsFor(values: readonly number[]): number {
  for (let d = 0; d < 4; d++) {
    const k = 10 ** d;
    if (values.every((v) => Math.abs(Math.round(v * k) - v * k) < 1e-6)) return d;
  }
  return 4;
}

/**
 * Tick labels for one axis. `unit: '%'` means the values are decimals (0.4 → "40%"); a currency
 * symbol is a prefix ("$12"); any other unit is appended ("1.2x", "45 pt" — a space when it is
 * longer than two characters). Values of a million or more print compact ("1.2B").
 */
export function tickLabels(values: readonly number[], unit?: string): string[] {
  const percent = unit === '%';
  const shown = percent ? values.map((v) => v * 100) : values;
  const big = shown.some((v) => Math.abs(v) >= 1e6);
  const fmt = big ? compactFormat : fixedFormat(decimalsFor(shown));
  return shown.map((v) => withUnit(fmt.format(v), unit));
}

function withUnit(text: string, unit?: string): string {
  if (!unit) return text;
  if (unit === '%') return `${text}%`;
  if (CURRENCY_PREFIXES.has(unit)) return text.startsWith('-') ? `-${unit}${text.slice(1)}` : `${unit}${text}`;
  return unit.length > 2 ? `${text} ${unit}` : `${text}${unit}`;
}

/** One value as a tag shows it: ~3 significant digits in the panel's unit ("0.28", "41%", "₩1.2T"). */
export function valueText(v: number, unit?: string): string {
  const shown = unit === '%' ? v * 100 : v;
  const a = Math.abs(shown);
  if (a >= 1e6) return withUnit(compactFormat.format(shown), unit);
  const decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return withUnit(fixedFormat(decimals).format(shown), unit);
}
