// /vol-ratio: VKOSPI/VIX (or the realized-vol fallback) against its own lookback.

export const en = {
  /** 252 sessions → "1y" (the lookback as typed). */
  span: (n: number): string => (n % 252 === 0 ? `${n / 252}y` : n % 21 === 0 ? `${n / 21}m` : `${n}d`),
  ordinal: (p: number): string => {
    const n = Math.round(p * 100);
    const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
    return `${n}${suffix} percentile`;
  },
  realizedName: (n: number) => `Realized vol ratio KOSPI/NDX (${n}d)`,
  title: (name: string, label: string) => `${name} · ${label}`,
  headline: (name: string, value: string, ordinal: string, label: string, z: string, realized: boolean) =>
    `${name} ${value}: ${ordinal} of ${label}, z ${z}${realized ? ' (realized basis)' : ''}`,
  lRatio: 'Ratio',
  lZ: (label: string) => `z-score (${label})`,
  lPercentile: (label: string) => `Percentile (${label})`,
  lMedian: (label: string) => `Median (${label})`,
  lBasis: 'Basis',
  basisImplied: 'implied (VKOSPI/VIX)',
  basisRealized: 'realized (VKOSPI missing)',
  noteFallback: (why: string, n: number) =>
    `VKOSPI/VIX unavailable (${why}): showing the realized-vol ratio, KOSPI ${n}d realized vol / Nasdaq-100 ${n}d realized vol as known in Seoul. Its level is not comparable with VKOSPI/VIX.`,
  noteVix: (asOf: string) => `VIX is the close of the New York session before ${asOf} (what Seoul knows at its close).`,
  chartTitle: (name: string, label: string, value: string, ordinal: string) => `${name}, ${label}: today ${value}, ${ordinal}`,
  chartSubtitle: (label: string, realized: boolean) =>
    `Bands: 10th–90th and 25th–75th percentiles of the ${label}; dashed: median${realized ? ' · realized-vol basis (VKOSPI missing)' : ''}`,
  band90: '10–90th pct',
  band75: '25–75th pct',
  median: (v: string) => `median ${v}`,
  err: {
    lookback: (label: string, n: number, what: string, asOf: string, have: number, years: string, tryN: string, example: string) =>
      `/vol-ratio: lookback=${label} needs ${n} sessions but the ${what} history to ${asOf} has ${have} (≈${years}y)${tryN}. Example: ${example}`,
    tryLookback: (n: number) => ` — try lookback=${n}d`,
    realizedWhat: 'realized-vol ratio',
  },
};

export type VolRatioMessages = typeof en;

export const ko: VolRatioMessages = {
  span: (n) => (n % 252 === 0 ? `${n / 252}년` : n % 21 === 0 ? `${n / 21}개월` : `${n}거래일`),
  ordinal: (p) => `상위 ${100 - Math.round(p * 100)}% (백분위 ${Math.round(p * 100)})`,
  realizedName: (n) => `실현변동성 비율 코스피/나스닥100 (${n}일)`,
  title: (name, label) => `${name} · ${label}`,
  headline: (name, value, ordinal, label, z, realized) => `${name} ${value}: ${label} 중 ${ordinal}, z ${z}${realized ? ' (실현변동성 기준)' : ''}`,
  lRatio: '비율',
  lZ: (label) => `z-점수 (${label})`,
  lPercentile: (label) => `백분위 (${label})`,
  lMedian: (label) => `중앙값 (${label})`,
  lBasis: '기준',
  basisImplied: '내재변동성 (VKOSPI/VIX)',
  basisRealized: '실현변동성 (VKOSPI 없음)',
  noteFallback: (why, n) =>
    `VKOSPI/VIX 확인 불가 (${why}): 서울 기준으로 알 수 있는 코스피 ${n}일 실현변동성 / 나스닥100 ${n}일 실현변동성 비율을 대신 표시합니다. 수준은 VKOSPI/VIX와 비교할 수 없습니다.`,
  noteVix: (asOf) => `VIX는 ${asOf} 직전 뉴욕 거래일 종가입니다 (서울 장 마감 시점에 알 수 있는 값).`,
  chartTitle: (name, label, value, ordinal) => `${name}, ${label}: 현재 ${value}, ${ordinal}`,
  chartSubtitle: (label, realized) => `음영: ${label} 구간의 10–90, 25–75 백분위; 점선: 중앙값${realized ? ' · 실현변동성 기준 (VKOSPI 없음)' : ''}`,
  band90: '10–90 백분위',
  band75: '25–75 백분위',
  median: (v) => `중앙값 ${v}`,
  err: {
    lookback: (label, n, what, asOf, have, years, tryN, example) =>
      `/vol-ratio: lookback=${label}에는 ${n}거래일이 필요하지만 ${asOf}까지 ${what} 이력은 ${have}거래일(약 ${years}년)뿐입니다${tryN}. 예: ${example}`,
    tryLookback: (n) => ` — lookback=${n}d로 해보세요`,
    realizedWhat: '실현변동성 비율',
  },
};
