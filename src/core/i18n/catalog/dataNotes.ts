// The data layer's own sentences (src/data: cache fallbacks, lagging series, basis repairs) are made
// once, in English, and cached with the series whatever language asks. A Korean answer reads them
// through these rules, one per sentence shape; a sentence with no rule is left as written.

const AGE: [RegExp, string][] = [[/^(\d+)s$/, '$1초'], [/^(\d+) min$/, '$1분'], [/^(\d+)h$/, '$1시간'], [/^(\d+) days$/, '$1일']];
const age = (a: string): string => AGE.reduce((t, [re, to]) => t.replace(re, to), a);
const origin = (o: string): string => (o === 'the file' ? '파일' : o.replace(/^the (.+) series$/, '$1 시계열'));
const limit = (l: string): string => (l === 'the KRX daily limit' ? 'KRX 가격제한폭' : l === 'the ±25 % a US index can plausibly move' ? '미국 지수의 현실적 변동폭(±25%)' : l);

const RULES: [RegExp, (...g: string[]) => string][] = [
  [/upstream failed \((.*)\); served cached copy from (.+?) ago/, (why, a) => `원천 조회 실패 (${why}); ${age(a!)} 전 캐시 사본 제공`],
  [/served from cache: (.*) \(quote of (.+)\)/, (why, at) => `캐시 제공: ${why} (${at} 시세)`],
  [/^some KRX days: /, () => '일부 KRX 일자: '],
  [/last point (\S+) is (\d+) sessions behind/, (d, n) => `최근 데이터 ${d}, ${n}거래일 뒤처짐`],
  [/last minute bar (\d+) min old/, (n) => `최근 1분봉이 ${n}분 전 데이터`],
  [
    /^(\S+): (.+?) jumps (\S+ %) on (\S+), beyond (.+?): a (\S+) basis change, so prices before (\S+) are (multiplied|divided) by (\S+)\.$/,
    (sym, o, move, date, l, ratio, before, how, k) =>
      `${sym}: ${origin(o!)}의 가격이 ${date}에 ${move.replace(' %', '%')} 움직여 ${limit(l!)}을 넘었습니다: ${ratio} 기준 변경으로 보고 ${before} 이전 가격을 ${how === 'multiplied' ? `${k}배` : `1/${k}`}로 조정했습니다.`,
  ],
  [
    /^(\S+): (.+?) jumps (\S+ %) on (\S+) \((.+?)\), beyond (.+?) and no whole split ratio: history before (\S+) is not used\.$/,
    (sym, o, move, date, closes, l, before) =>
      `${sym}: ${origin(o!)}의 가격이 ${date}에 ${move.replace(' %', '%')} 움직여(${closes}) ${limit(l!)}을 넘었고 정수 분할 비율도 아닙니다: ${before} 이전 이력은 쓰지 않습니다.`,
  ],
];

/** A data-layer sentence in Korean, by its shape; unknown shapes stay as they are. */
export function koDataNote(text: string): string {
  return RULES.reduce((t, [re, to]) => t.replace(re, (...m: string[]) => to(...m.slice(1))), text);
}
