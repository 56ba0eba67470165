// /ai-basket: the Asian AI hardware basket against the Nasdaq-100 and SOX.

export const en = {
  title: 'AI hardware basket vs Nasdaq-100 and SOX',
  headline: (b1: string, ndx: string, sox: string, dispersion: string, corr: string) =>
    `AI basket 1m ${b1} vs NDX ${ndx}, SOX ${sox}; dispersion ${dispersion}, avg pairwise corr ${corr}`,
  leg: (r1: string, vsNdx: string, vsSox: string, r3: string, corr: string) => `1m ${r1} (vs NDX ${vsNdx}, vs SOX ${vsSox}) · 3m ${r3} · corr NDX ${corr}`,
  index: (r1: string, r3: string) => `1m ${r1} · 3m ${r3}`,
  lBasket: 'Basket',
  lDispersion: 'Dispersion 1m',
  lPairwise: 'Avg pairwise corr 60d',
  missingValue: 'missing',
  noteMissing: (symbol: string, why: string) => `${symbol} missing from the basket: ${why}.`,
  noteTiming: (members: string) => `NDX and SOX are the closes of the New York session before each KRX session (what Seoul knows); the basket is equal-weight over ${members}.`,
  noSession: (asof: string | undefined) => `no session on or before ${asof}`,
  noMember: (why: string) => `no basket member is available (${why})`,
  chart: {
    title: (b1: string, b3: string, n1: string, n3: string) => `AI basket 1m ${b1} · 3m ${b3} (NDX ${n1} · ${n3})`,
    subtitle: "Equal-weight basket, Nasdaq-100 and SOX rebased to 100 over 3 months; members' 1m and 3m returns",
    basketLine: 'AI basket (equal weight)',
    monthAgo: '1 month ago',
    r1: '1m return',
    r3: '3m return',
  },
};

export type AiBasketMessages = typeof en;

export const ko: AiBasketMessages = {
  title: 'AI 하드웨어 바스켓 vs 나스닥100·SOX',
  headline: (b1, ndx, sox, dispersion, corr) => `AI 바스켓 1개월 ${b1} vs NDX ${ndx}, SOX ${sox}; 분산도 ${dispersion}, 평균 쌍별 상관계수 ${corr}`,
  leg: (r1, vsNdx, vsSox, r3, corr) => `1개월 ${r1} (NDX 대비 ${vsNdx}, SOX 대비 ${vsSox}) · 3개월 ${r3} · NDX 상관계수 ${corr}`,
  index: (r1, r3) => `1개월 ${r1} · 3개월 ${r3}`,
  lBasket: '바스켓',
  lDispersion: '1개월 분산도',
  lPairwise: '60일 평균 쌍별 상관계수',
  missingValue: '데이터 없음',
  noteMissing: (symbol, why) => `${symbol} 바스켓에서 제외: ${why}.`,
  noteTiming: (members) => `NDX와 SOX는 각 KRX 거래일 직전 뉴욕 거래일 종가입니다(서울이 알 수 있는 값). 바스켓은 ${members} 동일가중입니다.`,
  noSession: (asof) => `${asof} 이전 거래일 없음`,
  noMember: (why) => `이용 가능한 바스켓 종목이 없습니다 (${why})`,
  chart: {
    title: (b1, b3, n1, n3) => `AI 바스켓 1개월 ${b1} · 3개월 ${b3} (NDX ${n1} · ${n3})`,
    subtitle: '동일가중 바스켓, 나스닥100, SOX의 3개월 100 기준 환산; 종목별 1개월·3개월 수익률',
    basketLine: 'AI 바스켓 (동일가중)',
    monthAgo: '1개월 전',
    r1: '1개월 수익률',
    r3: '3개월 수익률',
  },
};
