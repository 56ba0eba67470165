// /theta: a long KOSPI200 call's premium, daily decay and half-life, at today's IV and a calm one.

export const en = {
  title: 'Long call theta',
  days: (d: string) => `${d} days`,
  never: 'never (intrinsic value exceeds half)',
  what: (days: number, strike: string, moneyness: string, spot: string) => `${days}-day call, strike ${strike} (${moneyness}× spot ${spot})`,
  headline: (what: string, iv: string, premium: string, theta: string, thetaPct: string, half: string) =>
    `${what} at IV ${iv}: premium ${premium} pts, theta ${theta}/day (${thetaPct}/day), half gone in ${half}`,
  headlineCalm: (iv: string, implied: boolean, premium: string, theta: string) =>
    `; at calm IV ${iv} (${implied ? '3y median VKOSPI' : '3y median realized'}): premium ${premium}, theta ${theta}/day`,
  headlineNoCalm: '; no calm baseline (no data)',
  lPremium: 'Premium',
  premiumValue: (pts: string, krw: string) => `${pts} pts · ${krw} per contract`,
  lTheta: 'Theta per day',
  lThetaPct: 'Theta % of premium',
  thetaPctValue: (p: string) => `${p} a day`,
  lHalf: 'Half the premium gone in',
  lBreakeven: 'Breakeven daily move',
  breakevenValue: (pct: string, pts: string) => `${pct} · ${pts} pts`,
  lIv: 'IV',
  ivVsCalm: (calm: string, ratio: string) => ` vs calm ${calm}: ${ratio}×`,
  lAtCalm: 'At calm IV',
  atCalmValue: (premium: string, theta: string, half: string) => `premium ${premium} pts · theta ${theta}/day · half gone in ${half}`,
  ivSource: { argument: 'argument', VKOSPI: 'VKOSPI', realized: 'KOSPI200 realized vol' },
  notUsed: (symbol: string, why: string) => `${symbol} not used: ${why}.`,
  noVkospi: (n: number) => `No VKOSPI: vols are KOSPI200 ${n}-day realized vol, not implied.`,
  noBaseline: 'No VKOSPI or KOSPI200 history for a calm baseline: shown at the given IV only.',
  err: {
    giveSpot: (why: string) => `${why}; give spot= to price anyway`,
    noVkospi: 'no VKOSPI',
    giveIv: (why: string) => `${why}, and too little current KOSPI200 history for realized vol; give iv=`,
  },
  chart: {
    title: 'Call premium decay if nothing moves',
    xLabel: 'days from today (expiry at the right edge)',
    today: (premium: string) => `${premium} pts today`,
    ivNow: (iv: string, source: string) => `IV ${iv} (${source})`,
    ivCalm: (iv: string) => `calm IV ${iv}`,
    halfPremium: "half today's premium",
    halfBy: (day: number) => `half gone by day ${day}`,
  },
};

export type ThetaMessages = typeof en;

export const ko: ThetaMessages = {
  title: '콜옵션 매수 세타',
  days: (d) => `${d}일`,
  never: '해당 없음 (내재가치가 프리미엄의 절반 초과)',
  what: (days, strike, moneyness, spot) => `잔존 ${days}일 콜, 행사가 ${strike} (현재가 ${spot}의 ${moneyness}배)`,
  headline: (what, iv, premium, theta, thetaPct, half) =>
    `${what}, IV ${iv}: 프리미엄 ${premium}pt, 세타 하루 ${theta} (하루 ${thetaPct}), ${half} 후 프리미엄 절반 소멸`,
  headlineCalm: (iv, implied, premium, theta) =>
    `; 평시 IV ${iv} (${implied ? 'VKOSPI 3년 중앙값' : '실현변동성 3년 중앙값'}) 기준: 프리미엄 ${premium}, 세타 하루 ${theta}`,
  headlineNoCalm: '; 평시 기준 없음 (데이터 없음)',
  lPremium: '프리미엄',
  premiumValue: (pts, krw) => `${pts}pt · 계약당 ${krw}`,
  lTheta: '일간 세타',
  lThetaPct: '프리미엄 대비 세타',
  thetaPctValue: (p) => `하루 ${p}`,
  lHalf: '프리미엄 절반 소멸까지',
  lBreakeven: '손익분기 일간 변동폭',
  breakevenValue: (pct, pts) => `${pct} · ${pts}pt`,
  lIv: 'IV',
  ivVsCalm: (calm, ratio) => ` vs 평시 ${calm}: ${ratio}배`,
  lAtCalm: '평시 IV 기준',
  atCalmValue: (premium, theta, half) => `프리미엄 ${premium}pt · 세타 하루 ${theta} · 절반 소멸까지 ${half}`,
  ivSource: { argument: '입력값', VKOSPI: 'VKOSPI', realized: 'KOSPI200 실현변동성' },
  notUsed: (symbol, why) => `${symbol} 미사용: ${why}.`,
  noVkospi: (n) => `VKOSPI 없음: 변동성은 내재변동성이 아닌 KOSPI200 ${n}일 실현변동성입니다.`,
  noBaseline: '평시 기준을 잡을 VKOSPI·KOSPI200 이력이 없어 입력한 IV로만 계산했습니다.',
  err: {
    giveSpot: (why) => `${why}; 그래도 계산하려면 spot=을 입력하세요`,
    noVkospi: 'VKOSPI 없음',
    giveIv: (why) => `${why}, 실현변동성을 낼 최근 KOSPI200 이력도 부족합니다; iv=를 입력하세요`,
  },
  chart: {
    title: '가격 변동이 없을 때 콜 프리미엄 감소',
    xLabel: '경과일 (오른쪽 끝 만기)',
    today: (premium) => `현재 ${premium}pt`,
    ivNow: (iv, source) => `IV ${iv} (${source})`,
    ivCalm: (iv) => `평시 IV ${iv}`,
    halfPremium: '프리미엄 절반',
    halfBy: (day) => `${day}일째 절반 소멸`,
  },
};
