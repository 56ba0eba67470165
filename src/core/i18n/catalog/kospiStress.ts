// /kospi-stress: headline, fields, notes and chart words.

export const en = {
  title: (date: string) => `KOSPI stress · ${date}`,
  path: { violent: 'a violent path', choppy: 'a choppy path', mixed: 'a mixed path', slide: 'a one-way slide', climb: 'a one-way climb' },
  headline: (p: {
    score: number; regime: string; w: number; volK: string; volN: string; drawdown: string; ret: string; path: string; er: string; broken: boolean;
  }) =>
    `KOSPI stress ${p.score}/100 (${p.regime}): ${p.w}d vol ${p.volK} vs NDX ${p.volN}, ${p.drawdown} from 52w high, ` +
    `${p.w}d return ${p.ret} on ${p.path} (ER ${p.er})${p.broken ? ', short-term trendline broken' : ''}`,
  label: {
    score: 'Stress score',
    components: 'Score components',
    closeVsMa: 'Close vs 21d MA',
    trendline: 'Trendline (swing lows)',
    returnEr: (w: number) => `${w}d return · ER`,
    realizedVol: (w: number) => `${w}d realized vol`,
    drawdown: 'Drawdown from 52w high',
    corrBeta: (n: number) => `Corr · beta ${n}d vs NDX`,
    vkospiVix: 'VKOSPI / VIX',
  },
  /** Component names by key (the analytics' own words, src/analytics/stress.ts). */
  component: {
    realizedVol: 'KOSPI 21d realized vol',
    impliedVol: 'VKOSPI (implied vol)',
    drawdown: 'Drawdown from 52w high',
    belowSma: 'Close vs 21d MA',
    churn: 'Violent swings (21d churn)',
    koreaUsVol: 'Korea/US vol ratio',
  },
  realizedBasis: ' (realized)',
  unranked: 'unranked',
  vs: 'vs',
  er: 'ER',
  trendValue: (level: string, slope: string, broken: boolean) => `${level}, ${slope}/day: ${broken ? 'broken' : 'holding'}`,
  trendNone: 'n/a (fewer than two swing lows)',
  ratioStandsIn: (ratio: string) => `n/a (realized-vol ratio ${ratio} stands in)`,
  notScored: ' (not scored)',
  cuts: (e: number, h: number, x: number) => `calm < ${e} ≤ elevated < ${h} ≤ high < ${x} ≤ extreme`,
  note: {
    gauge: (n: number, from: string, cuts: string) =>
      `The score is a coincident gauge of how stressed KOSPI is now (not a forecast): ${n} components ranked against their last 20 years (history from ${from}), combined as the ECB's CISS (broad-based stress scores higher); ${cuts}. /help kospi-stress explains it.`,
    notCurrent: (stale: string) => `${stale}: the numbers it feeds are not current.`,
    vkospiUnavailable: (reason: string) =>
      `VKOSPI unavailable (${reason}): the realized-vol ratio KOSPI/NDX stands in for VKOSPI/VIX, and implied vol is left out of the score.`,
    vkospiOld: (last: string, n: number, t: string) =>
      `VKOSPI's last close (${last}) is more than ${n} KOSPI session${n === 1 ? '' : 's'} before ${t}: VKOSPI/VIX is n/a, the realized-vol ratio stands in, and implied vol is left out of the score.`,
    vkospiNone: (t: string) => `VKOSPI has no data on or before ${t}: VKOSPI/VIX is n/a and the realized-vol ratio stands in.`,
    vkospiShort: (n: number, t: string, needs: number) =>
      `VKOSPI has only ${n} sessions of history up to ${t} (it counts once it has ${needs}, a year): implied vol is left out of the score, and the realized-vol ratio stands in for VKOSPI/VIX.`,
    roughRanks: (n: number, t: string) => `Some scored components rank against only ${n} sessions of history up to ${t} (fewer than 3 years): their percentiles are rough.`,
    shortHigh: (n: number) => `The 52-week high is taken over the ${n} sessions that exist.`,
    window: (w: number) => `window=${w} sets the return, ER and realized vol in the headline (data.windowed); the score and the 21d/60d numbers keep their fixed windows.`,
  },
  error: {
    beforeFirst: (asof: string, first: string, example: string) => `/kospi-stress: asof=${asof} is before the first KOSPI session (${first}). Example: ${example}`,
    tooFew: (n: number, t: string, need: number, example: string) =>
      `/kospi-stress: only ${n} KOSPI sessions exist up to ${t}; the answer needs at least ${need}. Example: ${example}`,
    windowTooLong: (w: number, n: number, t: string) =>
      `/kospi-stress: window=${w} needs ${w + 1} KOSPI sessions but only ${n} exist up to ${t}. Example: /kospi-stress window=21`,
    noRank: (t: string, n: number) => `too little history up to ${t} to rank any stress component (each needs ${n} sessions)`,
    noData: 'the series has no data',
  },
  chart: {
    subtitle: 'Close, 21-day average and swing-low support; stress score 0–100 in its regime bands',
    close: 'KOSPI close',
    ma: '21d MA',
    trendline: 'Support (swing lows)',
    score: 'Stress score',
  },
};

export type KospiStressMessages = typeof en;

export const ko: KospiStressMessages = {
  title: (date) => `코스피 스트레스 · ${date}`,
  path: { violent: '급등락 속 제자리', choppy: '횡보성 등락', mixed: '혼조세', slide: '일방적 하락', climb: '일방적 상승' },
  headline: (p) =>
    `코스피 스트레스 ${p.score}/100 (${p.regime}): ${p.w}일 변동성 ${p.volK} (나스닥100 ${p.volN}), 52주 고점 대비 ${p.drawdown}, ` +
    `${p.w}일 수익률 ${p.ret}, ${p.path} (효율비 ${p.er})${p.broken ? ', 단기 추세선 이탈' : ''}`,
  label: {
    score: '스트레스 점수',
    components: '점수 구성요소',
    closeVsMa: '종가 vs 21일 이평',
    trendline: '추세선 (스윙 저점)',
    returnEr: (w) => `${w}일 수익률 · 효율비`,
    realizedVol: (w) => `${w}일 실현 변동성`,
    drawdown: '52주 고점 대비 낙폭',
    corrBeta: (n) => `나스닥100 상관계수 · 베타 (${n}일)`,
    vkospiVix: 'VKOSPI / VIX',
  },
  component: {
    realizedVol: '코스피 21일 실현 변동성',
    impliedVol: 'VKOSPI (내재 변동성)',
    drawdown: '52주 고점 대비 낙폭',
    belowSma: '종가 vs 21일 이평',
    churn: '급등락 강도 (21일)',
    koreaUsVol: '한미 변동성 비율',
  },
  realizedBasis: ' (실현 변동성 기준)',
  unranked: '순위 없음',
  vs: 'vs',
  er: '효율비',
  trendValue: (level, slope, broken) => `${level}, 일 ${slope}: ${broken ? '이탈' : '지지'}`,
  trendNone: 'N/A (스윙 저점이 두 개 미만)',
  ratioStandsIn: (ratio) => `N/A (실현 변동성 비율 ${ratio}로 대체)`,
  notScored: ' (점수 미반영)',
  cuts: (e, h, x) => `안정 < ${e} ≤ 주의 < ${h} ≤ 경계 < ${x} ≤ 위험`,
  note: {
    gauge: (n, from, cuts) =>
      `점수는 지금 코스피가 받는 스트레스를 재는 동행 지표입니다 (하락 예측이 아님): ${n}개 구성요소를 각자의 최근 20년 이력(${from}부터) 대비 순위로 매겨 ECB의 CISS 방식으로 합산합니다 (여러 지표가 함께 오를수록 점수가 높음). ${cuts}. 자세한 설명은 /help kospi-stress.`,
    notCurrent: (stale) => `${stale}: 이 데이터가 들어가는 수치는 최신이 아닙니다.`,
    vkospiUnavailable: (reason) =>
      `VKOSPI 데이터 없음 (${reason}): VKOSPI/VIX 대신 코스피/나스닥100 실현 변동성 비율을 쓰고, 내재 변동성은 점수에서 제외했습니다.`,
    vkospiOld: (last, n, t) =>
      `VKOSPI 최종 종가(${last})가 ${t}보다 코스피 ${n}거래일 넘게 앞섭니다: VKOSPI/VIX는 N/A이며 실현 변동성 비율로 대체하고, 내재 변동성은 점수에서 제외했습니다.`,
    vkospiNone: (t) => `${t} 이전 VKOSPI 데이터가 없습니다: VKOSPI/VIX는 N/A이며 실현 변동성 비율로 대체합니다.`,
    vkospiShort: (n, t, needs) =>
      `VKOSPI 이력이 ${t}까지 ${n}거래일뿐입니다 (${needs}거래일, 약 1년부터 반영): 내재 변동성은 점수에서 제외하고, VKOSPI/VIX 대신 실현 변동성 비율을 씁니다.`,
    roughRanks: (n, t) => `점수에 들어가는 일부 구성요소는 ${t}까지 ${n}거래일 이력만으로 순위를 매겼습니다 (3년 미만): 백분위는 참고용입니다.`,
    shortHigh: (n) => `52주 고점은 존재하는 ${n}거래일 기준입니다.`,
    window: (w) => `window=${w}은(는) 헤드라인의 수익률·효율비·실현 변동성(data.windowed)에만 적용되며, 점수와 21일/60일 지표는 고정 기간을 유지합니다.`,
  },
  error: {
    beforeFirst: (asof, first, example) => `/kospi-stress: asof=${asof}은(는) 코스피 첫 거래일(${first}) 이전입니다. 예: ${example}`,
    tooFew: (n, t, need, example) => `/kospi-stress: ${t}까지 코스피 거래일이 ${n}일뿐입니다. 최소 ${need}일이 필요합니다. 예: ${example}`,
    windowTooLong: (w, n, t) => `/kospi-stress: window=${w}에는 코스피 ${w + 1}거래일이 필요하지만 ${t}까지 ${n}일뿐입니다. 예: /kospi-stress window=21`,
    noRank: (t, n) => `${t}까지 이력이 부족해 스트레스 구성요소 순위를 매길 수 없습니다 (각 ${n}거래일 필요)`,
    noData: '시계열에 데이터가 없습니다',
  },
  chart: {
    subtitle: '종가·21일 이동평균·스윙 저점 지지선, 구간별 스트레스 점수(0–100)',
    close: '코스피 종가',
    ma: '21일 이평',
    trendline: '지지선 (스윙 저점)',
    score: '스트레스 점수',
  },
};
