// What counts as an English word leaking into a Korean answer. Korean desks write tickers,
// acronyms (ETF, ATM, IV, MA), source names and the commands a user types in Latin letters; any
// other Latin word is a string that was not translated.
import { ALERT_NAMES } from '../../src/commands/alertValues.ts';
import { LEVERAGED_PRODUCTS } from '../../src/data/products.ts';

/** Latin words a Korean answer may carry: source names, units and the notation of numbers. */
const ALLOWED = new Set([
  // sources and providers as they name themselves
  'yahoo', 'finance', 'fred', 'krx', 'demo', 'csv', 'live', 'cache', 'snapshot', 'stooq', 'investing', 'naver', 'bok', 'ecos',
  'date', 'holidays', 'ts', 'src', 'data', 'calendar', // "date-holidays KR data" and the file it lives in are a source's own name
  // units and number notation
  'x', 'z', 'p', 'h', 'bp', 'pt', 'pts', 'k', 'm', 'b', 't', 'd', 'y', 'w', 'e',
  // the operators of an alert condition, as typed
  'and', 'or',
  // the bot's own name; "vs" as Korean desks write it between two numbers
  'stressbot', 'vs', 'slack', 'discord', 'tab', // platforms, and the Tab key the playground names
]);

const ALERT_NAME = new Set(ALERT_NAMES.map((n) => n.name.toLowerCase()));
/** Foreign funds keep their registered English names in Korean writing too. */
const FUND_NAMES = LEVERAGED_PRODUCTS.filter((p) => p.exchange !== 'KRX').map((p) => p.name);

/**
 * The English words of a text meant to be Korean. Removed first: command lines and key=value
 * words (what a user types), URLs, mentions and file paths; then a word is allowed when it is an
 * acronym or ticker (all capitals, digits allowed: KOSPI200, ETF, USDKRW), an alert name, or in
 * ALLOWED.
 */
export function englishWords(text: string): string[] {
  const stripped = FUND_NAMES.reduce((t, name) => t.replaceAll(name, ' '), text)
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/(^|[\s(“"'`])\/[a-z][\w-]*(?:\s+(?:[\w.<>=!%$+\-−]+=\S*|[a-z][\w-]*(?=[\s.,;:)\uAC00-\uD7A3]|$)))*/gi, ' ')
    .replace(/<[a-z]+>|`[^`]*`/gi, ' ')
    .replace(/\b[A-Z][a-z]+\/[A-Z][a-z_]+\b/g, ' ')
    .replace(/\bdata\.[\w.]+/g, ' ')
    .replace(/\b[a-z][\w-]*(?:\.[\w-]+)*\.(?:kr|com|org|net|io)\b/gi, ' ')
    .replace(/\b[\w.-]+=\S*/g, ' ')
    .replace(/\S+\.(png|csv|json|ts|js)\b/gi, ' ');
  const out: string[] = [];
  for (const [w] of stripped.matchAll(/[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?/g)) {
    if (/^[A-Z][A-Z0-9&]+$/.test(w) || /^[A-Z]$/.test(w)) continue;
    const lower = w.toLowerCase();
    if (ALLOWED.has(lower) || ALERT_NAME.has(lower)) continue;
    if (/^p\d+$/.test(lower) || /^a\d+$/.test(lower) || /^\d/.test(w)) continue;
    out.push(w);
  }
  return out;
}
