// The parser's date/unit notes and the freshness lines speak the asker's language.
import { describe, expect, it } from 'vitest';
import { dateMoveNote, normalizeArgWords, unitHints } from '../../src/core/normalize.ts';
import { freshnessOf, staleText } from '../../src/data/freshness.ts';
import { createSeriesCache } from '../../src/data/cache.ts';
import { repairBasisBreaks } from '../../src/data/hygiene.ts';
import { messages } from '../../src/core/i18n/index.ts';
import { englishWords } from './leaks.ts';

describe('Korean notes', () => {
  it('says a moved date in Korean (2024-08-04 was a Sunday; 2024-09-16 was Chuseok)', () => {
    expect(dateMoveNote('2024-08-04', '2024-08-02', { closure: 'weekend', sessionBefore: '2024-08-02', lastData: false }, 'ko')).toBe('2024-08-04은(는) 일요일이라 휴장 → 2024-08-02 기준');
    expect(dateMoveNote('2024-08-04', '2024-08-02', { closure: 'weekend', sessionBefore: '2024-08-02', lastData: false })).toBe('2024-08-04 is a Sunday → 2024-08-02');
    expect(dateMoveNote('2030-01-01', '2026-11-20', { sessionBefore: '2029-12-31', lastData: true }, 'ko')).toBe('asof=2030-01-01 → 마지막 거래일 2026-11-20 기준');
  });

  it('says asof=today and a decimal-looking iv= in Korean', () => {
    expect(normalizeArgWords(['asof=yesterday'], { takesAsof: true, today: '2026-12-01', locale: 'ko' }).notes).toEqual(['asof=yesterday → 2026-11-30 (서울 기준)']);
    expect(unitHints({ iv: '0.25' }, 'ko')).toEqual(['iv=0.25은(는) 0.25%로 계산했습니다. 25%라면 iv=25로 입력하세요']);
  });

  it('names a stale input in Korean: a KOSPI200 close from the Friday before a Tuesday is 2 sessions old', () => {
    // 2026-11-27 (Fri) → 2026-12-01 (Tue): Mon 11-30 and Tue 12-01 are KRX sessions, so the age is 2 (limit 1).
    const f = freshnessOf({ symbol: 'KOSPI200', kind: 'index', market: 'KR', last: '2026-11-27' }, '2026-12-01');
    expect(f.age).toBe(2);
    expect(staleText(f, '2026-12-01', undefined, 'ko')).toBe('KOSPI200 최근 종가 2026-11-27: 2026-12-01 기준 2거래일 지난 데이터 (허용 1거래일)');
    expect(staleText(f, '2026-12-01')).toBe('KOSPI200 last close 2026-11-27 is 2 sessions before 2026-12-01 (limit 1 session)');
  });
});

describe('/vol-ratio in Korean', () => {
  it('speaks Korean in its headline, labels, notes and chart, with the same numbers as English', async () => {
    const { answer } = await import('../../src/core/router.ts');
    const { commands } = await import('../../src/commands/registry.ts');
    const { demoMarket } = await import('../../src/data/demo.ts');
    const { testConfig } = await import('../../src/config.ts');
    const { silentLogger } = await import('../../src/infra/log.ts');
    const ctx = { market: demoMarket(), now: new Date('2026-11-20T08:00:00Z'), config: testConfig(), log: silentLogger, commands };
    const ko = await answer('/vol-ratio lang=ko', ctx, { commands });
    const en = await answer('/vol-ratio', ctx, { commands });
    if (ko.kind !== 'answer' || en.kind !== 'answer') throw new Error(`no answer: ${ko.kind}/${en.kind}`);
    expect(ko.report.headline).toMatch(/1년 중 상위 \d+% \(백분위 \d+\)/);
    expect(ko.report.fields.map((f) => f.label)).toContain('중앙값 (1년)');
    expect(ko.report.charts[0]!.subtitle).toContain('점선: 중앙값');
    expect(ko.report.data.ratio).toBe(en.report.data.ratio);
    expect(JSON.stringify([ko.report.headline, ko.report.fields, ko.report.charts[0]!.title])).not.toMatch(/percentile|Median|Ratio|today/);
  }, 60_000);
});

describe("the data layer's sentences in a Korean answer", () => {
  const ko = messages('ko').common;
  it('reads a cache fallback in Korean: the sentence the real cache writes when the upstream fails', async () => {
    let t = 0;
    const cache = createSeriesCache({ now: () => t });
    await cache.get('k', 1000, async () => 1);
    t = 3 * 3600_000 + 1; // 3 hours later, past the TTL, and the upstream is down
    const r = await cache.get('k', 1000, async () => {
      throw new Error('HTTP 503');
    });
    expect(r.stale).toMatch(/^upstream failed \(.*\); served cached copy from 3h ago$/);
    const note = ko.stale('NDX', 'yahoo', r.stale!);
    expect(note).toMatch(/^지연 데이터: NDX \(yahoo\) 원천 조회 실패 \(.*\); 3시간 전 캐시 사본 제공$/);
    expect(messages('en').common.stale('NDX', 'yahoo', r.stale!)).toBe(`Stale: NDX (yahoo) ${r.stale}`); // English as written
    await cache.close();
  });

  it('reads a basis repair and a cut history in Korean (the notes repairBasisBreaks writes)', () => {
    const pts = (rows: [string, number][]) => rows.map(([date, close]) => ({ date, close }));
    // 100 → 10.04 is a fall of 89.96 % (−90.0 %), beyond KRX's ±30 %, and 100/10.04 = 9.96, within 1 % of 10: a 10:1 split, earlier prices ÷ 10.
    const split = repairBasisBreaks('X', pts([['2020-01-02', 100], ['2020-01-03', 10.04]]), 'krx');
    expect(split.notes[0]).toMatch(/basis change/);
    const koSplit = messages('ko').notes.dataNote(split.notes[0]!);
    expect(koSplit).toBe('X: 파일의 가격이 2020-01-03에 −90.0% 움직여 KRX 가격제한폭을 넘었습니다: 10:1 기준 변경으로 보고 2020-01-03 이전 가격을 1/10로 조정했습니다.');
    // 100 → 140: +40 %, beyond ±30 %, and 1.4 is no whole ratio: the history before is cut.
    const cut = repairBasisBreaks('X', pts([['2020-01-02', 100], ['2020-01-03', 140]]), 'krx', 'the yahoo series');
    expect(englishWords(messages('ko').notes.dataNote(cut.notes[0]!))).toEqual([]);
    expect(messages('ko').notes.dataNote(cut.notes[0]!)).toContain('yahoo 시계열');
    expect(messages('en').notes.dataNote(cut.notes[0]!)).toBe(cut.notes[0]);
  });
});
