// /gamma: leveraged/inverse ETF rebalancing and dealer gamma — headline, labels and chart titles.

export const en = {
  title: 'Hedging flow: leveraged ETFs and option dealers',
  verb: { buy: 'buy', sell: 'sell', trade: 'trade' },
  flowUnknown: (move: string) => `KOSPI ${move}: leveraged ETF flow unknown`,
  flow: (move: string, verb: string, usd: string) => `KOSPI ${move}: leveraged/inverse ETFs ${verb} ≈ ${usd}`,
  ofTurnover: (share: string) => `, ${share} of daily turnover`,
  dealerGamma: (krw: string) => ` · dealer gamma ${krw}/1%`,
  noData: (what: string) => ` · no data: ${what}`,
  label: {
    flowAt: (move: string) => `Flow at ${move}`,
    turnover: '% of KOSPI turnover',
    scenarios: 'Scenarios',
    dealerGamma: 'Dealer gamma',
    flip: 'Gamma flip',
  },
  noDataValue: 'no data',
  gammaValue: (krw: string, spot: string) => `${krw} per 1 % (KOSPI200 ${spot})`,
  noFlip: 'none within ±15 %',
  flipValue: (level: string, fromSpot: string) => `${level} (${fromSpot} from spot)`,
  chart: {
    flowTitle: 'ETF rebalancing flow at the close, by KOSPI move',
    flowSubtitle: (rest: string) => `USD bn, + = funds buy · ${rest}`,
    gammaTitle: 'KOSPI200 dealer gamma by strike, and in total by level',
  },
};

export type GammaMessages = typeof en;

export const ko: GammaMessages = {
  title: '헤지 물량: 레버리지 ETF와 옵션 딜러',
  verb: { buy: '순매수', sell: '순매도', trade: '매매' },
  flowUnknown: (move) => `코스피 ${move}: 레버리지 ETF 리밸런싱 물량 확인 불가`,
  flow: (move, verb, usd) => `코스피 ${move} 시 레버리지·인버스 ETF 리밸런싱 ${verb} ≈ ${usd}`,
  ofTurnover: (share) => `, 일평균 거래대금의 ${share}`,
  dealerGamma: (krw) => ` · 딜러 감마 1%당 ${krw}`,
  noData: (what) => ` · 데이터 없음: ${what}`,
  label: {
    flowAt: (move) => `${move} 시 리밸런싱 물량`,
    turnover: '코스피 거래대금 대비',
    scenarios: '시나리오',
    dealerGamma: '딜러 감마',
    flip: '감마 플립',
  },
  noDataValue: '데이터 없음',
  gammaValue: (krw, spot) => `1%당 ${krw} (코스피200 ${spot})`,
  noFlip: '±15% 내 감마 플립 없음',
  flipValue: (level, fromSpot) => `${level} (현재가 대비 ${fromSpot})`,
  chart: {
    flowTitle: '코스피 등락별 장 마감 ETF 리밸런싱 물량',
    flowSubtitle: (rest) => `단위 10억 달러, + = 펀드 순매수 · ${rest}`,
    gammaTitle: '코스피200 행사가별 딜러 감마와 레벨별 총감마',
  },
};
