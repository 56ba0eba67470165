// The catalog is complete (every command, argument and message in Korean), Korean formats are what
// a Korean desk writes, and the locale is chosen most specific first.
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/registry.ts';
import { argDocs } from '../../src/core/schema.ts';
import { COMMAND_WORDS, FORMATS, koreanUnits, messages, parseLocale, resolveLocale } from '../../src/core/i18n/index.ts';
import { STRESS_COMPONENTS } from '../../src/analytics/stress.ts';
import { DIGEST_PARTS } from '../../src/commands/digestPicture.ts';
import { registrationPayload } from '../../src/bot/discord/options.ts';

const HANGUL = /[\uAC00-\uD7A3]/;

/** Every leaf of a message tree: strings, and functions called with sample arguments. */
function leaves(tree: unknown, path = ''): [string, string][] {
  if (typeof tree === 'string') return [[path, tree]];
  if (typeof tree === 'function') {
    const args = Array.from({ length: tree.length }, (_, i) => (i === 0 ? { score: 1, regime: 'x', w: 21, volK: '1%', volN: '1%', drawdown: '1%', ret: '1%', path: 'p', er: '1', broken: true, toString: (): string => 'x' } : 'x'));
    const out = (tree as (...a: unknown[]) => unknown)(...args);
    return typeof out === 'string' ? [[path, out]] : [];
  }
  if (tree && typeof tree === 'object') return Object.entries(tree).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [];
}

describe('both catalogs are complete', () => {
  const en = messages('en');
  const ko = messages('ko');
  for (const area of ['common', 'kospiStress', 'help', 'digest', 'platform', 'gamma', 'volRatio', 'corr', 'theta', 'aiBasket', 'alert', 'calendar', 'actions'] as const) {
    it(`${area}: the same keys in Korean, and Korean words in every message`, () => {
      const enKeys = leaves(en[area]).map(([k]) => k).filter((k) => !k.startsWith('zod.'));
      const koLeaves = new Map(leaves(ko[area]));
      for (const key of enKeys) expect(koLeaves.has(key), `${area}.${key} missing in ko`).toBe(true);
      // Ticker-only labels (VKOSPI / VIX, IV, z, DEMO) are the same in both; everything else reads Korean.
      const SAME = /^(VKOSPI \/ VIX|VKOSPI\/VIX|IV|z|DEMO|vs|DEMO · .*|.* \[DEMO\]|\/kospi-stress lang=ko)$/;
      // A message of only placeholders, tickers, numbers and units ('x · xpt', 'AUM x → x x', '') has no words to translate.
      const wordless = (text: string) => !/[A-Za-z]/.test(text.replace(/\bx(pt)?\b|\b[A-Z][A-Z0-9]+\b/g, ''));
      for (const [key, text] of koLeaves) if (!SAME.test(text) && !wordless(text)) expect(text, `${area}.${key}`).toMatch(HANGUL);
    });
  }

  it('names every stress component, digest part and digest number in both languages', () => {
    for (const c of STRESS_COMPONENTS) {
      expect(messages('en').kospiStress.component[c.key]).toBe(c.name); // English keeps the analytics' words
      expect(messages('ko').kospiStress.component[c.key]).toMatch(HANGUL);
    }
    for (const p of DIGEST_PARTS) {
      expect(messages('ko').digest.part[p.command], p.command).toBeDefined();
      for (const k of p.keys) expect(messages('ko').digest.key[k.name], k.name).toBeDefined();
    }
  });

  it('has Korean words for every registry command and every argument, with as many explanations as English', () => {
    for (const c of commands) {
      const w = COMMAND_WORDS.ko[c.name];
      expect(w, `/${c.name} has no Korean words in src/core/i18n/catalog/commands.ts`).toBeDefined();
      expect(w!.summary).toMatch(HANGUL);
      expect(w!.explains.length, `/${c.name} explains`).toBe(c.explains?.length ?? 0);
      for (const e of w!.explains) expect(e).toMatch(HANGUL);
      for (const a of argDocs(c.args)) {
        expect(w!.args[a.name], `/${c.name} ${a.name}=`).toBeDefined();
        expect(w!.args[a.name]!.description).toMatch(HANGUL);
      }
    }
  });

  it('gives every zod message of the shared parsers a Korean line', () => {
    const ko = messages('ko');
    for (const en of ['expected a date as YYYY-MM-DD', 'is not a real calendar date', 'expected a whole number', 'expected a number']) {
      expect(ko.common.zod[en]).toMatch(HANGUL);
    }
  });
});

describe('Korean formats', () => {
  it('writes KRW in 조/억/만 and USD as 억 달러', () => {
    // 1.2e12 = 1.2 × 10¹² = 1.2조; 3.4e11 / 10⁸ = 3,400억; 5.2e7 / 10⁴ = 5,200만
    expect(koreanUnits(1.2e12)).toBe('1.2조');
    expect(koreanUnits(3.4e11)).toBe('3,400억');
    expect(koreanUnits(5.2e7)).toBe('5,200만');
    expect(koreanUnits(1.12e8)).toBe('1.1억'); // 1.12e8 / 10⁸ = 1.12 → one decimal under 10
    expect(koreanUnits(1.5e13)).toBe('15조'); // 1.5e13 / 10¹² = 15
    expect(koreanUnits(9_999)).toBe('9,999');
    expect(FORMATS.ko.krw(1.2e12)).toBe('₩1.2조');
    expect(FORMATS.ko.krw(3.4e11)).toBe('₩3,400억');
    expect(FORMATS.ko.krw(-2.45e12)).toBe('−₩2.5조'); // 2.45 rounds half up at one decimal (2.45 × 10 = 24.5 → 25)
    // $1.2bn = 1.2 × 10⁹ = 12 × 10⁸ = 12억 달러
    expect(FORMATS.ko.usd(1.2e9)).toBe('12억 달러');
    expect(FORMATS.ko.krw(NaN)).toBe('N/A');
  });

  it('keeps English formats as they were', () => {
    expect(FORMATS.en.krw(1.2e12)).toBe('₩1.20tn');
    expect(FORMATS.en.usd(1.2e9)).toBe('$1.20bn');
    expect(FORMATS.en.pp(0.012)).toBe('+1.2 pp');
    expect(FORMATS.en.date('2024-08-05')).toBe('2024-08-05');
  });

  it('writes dates and percentage points as Korean readers expect', () => {
    expect(FORMATS.ko.date('2024-08-05')).toBe('2024년 8월 5일');
    expect(FORMATS.ko.dateShort('2024-08-05')).toBe('2024.08.05');
    expect(FORMATS.ko.pp(-0.012)).toBe('−1.2%p');
    expect(FORMATS.ko.pct(0.0123)).toBe('+1.2%');
    expect(FORMATS.ko.level(2612.345)).toBe('2,612.35');
  });
});

describe('locale resolution, most specific first', () => {
  it('takes the line, then the channel, then the platform, then BOT_LOCALE', () => {
    expect(resolveLocale({ line: 'en', channel: 'ko', platform: ['ko'], fallback: 'ko' })).toBe('en');
    expect(resolveLocale({ channel: 'ko', platform: ['en-US'], fallback: 'en' })).toBe('ko');
    expect(resolveLocale({ platform: [undefined, 'ko'], fallback: 'en' })).toBe('ko'); // Discord: no user locale, server's is ko
    expect(resolveLocale({ platform: ['fr', 'ko'], fallback: 'en' })).toBe('ko'); // a language we do not speak falls through
    expect(resolveLocale({ fallback: 'ko' })).toBe('ko');
  });

  it('reads platform tags', () => {
    expect(parseLocale('ko-KR')).toBe('ko');
    expect(parseLocale('ko_KR')).toBe('ko');
    expect(parseLocale('en-GB')).toBe('en');
    expect(parseLocale('ja')).toBeUndefined();
    expect(parseLocale(undefined)).toBeUndefined();
  });
});

describe('Discord registration payload', () => {
  const payload = registrationPayload(commands);
  const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

  it('carries ko name and description localizations for every command and every option', () => {
    for (const c of payload) {
      expect(c.name_localizations?.ko, c.name).toMatch(HANGUL);
      expect(c.name_localizations!.ko).toMatch(NAME);
      expect(c.name_localizations!.ko).toBe(c.name_localizations!.ko!.toLowerCase());
      expect(c.description_localizations?.ko, c.name).toMatch(HANGUL);
      expect(c.description_localizations!.ko!.length).toBeLessThanOrEqual(100);
      for (const o of c.options ?? []) {
        expect(o.name_localizations?.ko, `${c.name} ${o.name}`).toMatch(NAME);
        expect(o.description_localizations?.ko, `${c.name} ${o.name}`).toMatch(HANGUL);
        expect(o.description_localizations!.ko!.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('offers lang= (ko or en) on every command, and Korean option names are unique per command', () => {
    for (const c of payload) {
      const lang = c.options?.find((o) => o.name === 'lang');
      expect(lang, c.name).toBeDefined();
      expect((lang as { choices?: { value: string }[] }).choices?.map((x) => x.value)).toEqual(expect.arrayContaining(['en', 'ko']));
      const names = (c.options ?? []).map((o) => o.name_localizations!.ko);
      expect(new Set(names).size, c.name).toBe(names.length);
    }
    const kospi = payload.find((c) => c.name === 'kospi-stress')!;
    expect(kospi.name_localizations!.ko).toBe('코스피-스트레스');
  });
});
