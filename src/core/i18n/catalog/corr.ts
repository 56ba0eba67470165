// /corr: KOSPI against a US index — rolling correlation, beta and vol amplification.

export const en = {
  names: { NDX: 'Nasdaq-100', SOX: 'PHLX Semiconductor' } as Record<'NDX' | 'SOX', string>,
  threeYears: '3y',
  sessions: (n: number) => `${n} sessions`,
  usKnown: (vs: string) => `${vs} (as known in Seoul)`,
  usSameDate: (vs: string) => `${vs} (same date)`,
  notePairing: (vs: string) => `Pairing: KOSPI day t vs the ${vs} close of the latest New York session before t, since New York closes (06:00 KST) before Seoul opens.`,
  noteNaive:
    "lag=0 pairs same-date closes, which is misleading: New York's day-t close comes after Seoul's day-t close, so KOSPI is matched with a move it had not seen yet while the move it did react to (New York's prior session) is left out; it understates the link and, replayed, uses a US close Seoul did not have. Use lag=1 for the real number.",
  noteShortHistory: (n: number) => `Correlation percentile over ${n} sessions (less than 3 years available).`,
  title: (name: string, window: number, naive: boolean) => `KOSPI vs ${name} · ${window}d correlation${naive ? ' (lag=0, naive)' : ''}`,
  headline: (vs: string, window: number, corr: string, beta: string, percentile: string, hist: string, amp: string) =>
    `KOSPI–${vs} ${window}d correlation ${corr} (beta ${beta}), ${percentile} of ${hist}; KOSPI vol ${amp}× ${vs}'s`,
  lCorr: 'Correlation',
  lBeta: 'Beta',
  lAmp: 'Vol amplification',
  ampValue: (amp: string, kr: string, us: string) => `${amp}× (${kr} vs ${us})`,
  lPercentile: (hist: string) => `Corr percentile (${hist})`,
  lMedian: (hist: string) => `Median corr (${hist})`,
  lPairing: 'Pairing',
  pairingKnown: 'lag=1: prior New York close',
  pairingNaive: 'lag=0: same date (naive)',
  chart: {
    title: (name: string, w: number, corr: string, beta: string) => `KOSPI vs ${name}: ${w}d correlation ${corr}, beta ${beta}`,
    subtitle: (w: number, vs: string) => `Rebased to 100; ${w}-session rolling correlation and beta of daily log returns, ${vs} as known in Seoul`,
    corr: (w: number) => `${w}d correlation`,
    median: (hist: string, v: string) => `${hist} median ${v}`,
    beta: (w: number, vs: string) => `${w}d beta (KOSPI on ${vs})`,
  },
  err: {
    window: (window: number, need: number, vs: string, have: number, asOf: string, max: number, example: string) =>
      `/corr: window=${window} needs ${need} paired sessions but KOSPI–${vs} has ${have} to ${asOf} — use window=${max} or less. Example: ${example}`,
    fewPaired: (vs: string, asof: string | undefined) => `fewer than 12 sessions paired with ${vs} on or before ${asof ?? 'today'}`,
  },
};

export type CorrMessages = typeof en;

export const ko: CorrMessages = {
  names: { NDX: '나스닥100', SOX: '필라델피아 반도체지수' },
  threeYears: '3년',
  sessions: (n) => `${n}거래일`,
  usKnown: (vs) => `${vs} (서울 기준 직전 종가)`,
  usSameDate: (vs) => `${vs} (같은 날짜)`,
  notePairing: (vs) => `짝짓기: 코스피 t일을 t일 직전 뉴욕 거래일의 ${vs} 종가와 맞춥니다. 뉴욕은 서울 개장 전(한국시간 06:00)에 마감하기 때문입니다.`,
  noteNaive:
    'lag=0은 같은 날짜 종가끼리 맞추므로 오해의 소지가 있습니다: 뉴욕의 t일 종가는 서울의 t일 종가보다 늦게 나오므로, 코스피를 아직 보지 못한 움직임과 맞추고 실제로 반응한 움직임(뉴욕 전 거래일)은 빠집니다. 연관성을 과소평가하고, 과거 재현 시에는 서울이 알 수 없던 미국 종가를 씁니다. 실제 수치는 lag=1을 쓰세요.',
  noteShortHistory: (n) => `상관계수 백분위는 ${n}거래일 기준입니다 (3년치 데이터 미만).`,
  title: (name, window, naive) => `코스피 vs ${name} · ${window}일 상관계수${naive ? ' (lag=0, 단순 비교)' : ''}`,
  headline: (vs, window, corr, beta, percentile, hist, amp) =>
    `코스피–${vs} ${window}일 상관계수 ${corr} (베타 ${beta}), ${hist} 중 ${percentile}; 코스피 변동성은 ${vs}의 ${amp}배`,
  lCorr: '상관계수',
  lBeta: '베타',
  lAmp: '변동성 배율',
  ampValue: (amp, kr, us) => `${amp}배 (${kr} vs ${us})`,
  lPercentile: (hist) => `상관계수 백분위 (${hist})`,
  lMedian: (hist) => `상관계수 중앙값 (${hist})`,
  lPairing: '짝짓기',
  pairingKnown: 'lag=1: 뉴욕 전 거래일 종가',
  pairingNaive: 'lag=0: 같은 날짜 (단순 비교)',
  chart: {
    title: (name, w, corr, beta) => `코스피 vs ${name}: ${w}일 상관계수 ${corr}, 베타 ${beta}`,
    subtitle: (w, vs) => `100 기준 환산; 일간 로그수익률의 ${w}거래일 이동 상관계수와 베타, ${vs}는 서울 기준 직전 종가`,
    corr: (w) => `${w}일 상관계수`,
    median: (hist, v) => `${hist} 중앙값 ${v}`,
    beta: (w, vs) => `${w}일 베타 (${vs} 대비 코스피)`,
  },
  err: {
    window: (window, need, vs, have, asOf, max, example) =>
      `/corr: window=${window}에는 짝지은 거래일 ${need}일이 필요하지만 ${asOf}까지 코스피–${vs}는 ${have}일뿐입니다 — window=${max} 이하로 입력하세요. 예: ${example}`,
    fewPaired: (vs, asof) => `${asof ?? '오늘'} 이전 ${vs}와 짝지은 거래일이 12일 미만입니다`,
  },
};
