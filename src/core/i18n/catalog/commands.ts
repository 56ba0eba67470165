// What each command is called and says about itself in Korean: /help, the Discord registration
// (name_localizations / description_localizations) and the Korean aliases typed in mentions and the
// console. English is each command's own summary, explains and `.describe()` texts (src/commands).
// test/core/i18n.test.ts fails when a command or an argument in the registry has no Korean here.

export interface CommandWords {
  /** The Korean command name (Discord: lowercase, `-`, 1-32 chars); also typed as an alias. */
  name: string;
  /** More words that reach the command (`@stressbot 코스피`). */
  aliases?: string[];
  summary: string;
  explains: string[];
  /** Per argument key: its Korean option name (Discord, and typed `기준일=2024-08-05`) and description. */
  args: Record<string, { name: string; description: string }>;
}

const asof = { name: '기준일', description: '과거 특정일(YYYY-MM-DD) 기준으로 재현, 미래 데이터 미사용' };

export const ko: Record<string, CommandWords> = {
  'kospi-stress': {
    name: '코스피-스트레스',
    aliases: ['코스피', '스트레스', '코스피스트레스'],
    summary: '지금 코스피 스트레스는 얼마나, 왜? 변동성·낙폭·추세·한미 공포지수를 3년 이력 대비 순위로 매긴 0-100 점수.',
    explains: [
      '점수 0-100: 지금 코스피가 받는 스트레스를 재는 동행 지표이며 하락 예측이 아닙니다. 점수에 들어가는 구성요소(실현 변동성, VKOSPI, 낙폭, 21일 이평 하회폭)를 해당일까지 각자의 최근 20년 이력 대비 순위로 매기고(경험적 누적분포, 동률은 중간 순위, 최소 이력 필요, 미래 데이터 미사용), ECB의 CISS 방식(Holló, Kremer & Lo Duca 2012)으로 합산합니다: 최근 상호 상관(EWMA, λ = 0.93, 음의 상관은 0)으로 가중해 모든 구성요소가 함께 오르면 한 지표만 튀는 것보다 점수가 높고, 점수 = 100·√CISS (모두 같이 움직이면 평균 순위와 같음).',
      '구간: 안정 < 주의 < 경계 < 위험, 2000-2026년 모든 KRX 거래일로 보정 (경계 이상 11%, 위험 3%의 거래일; 2008년, 2011년 8월, 2020년 3월, 2024년 8월, 2026년 3월 등 공개 기록상 주요 국면이 경계 이상, 평온한 해는 안정). `stressbot validate`로 설정된 데이터에서 이 수치를 다시 계산합니다.',
      '검토했으나 채택하지 않은 방식: 세인트루이스 연준 FSI(미국 스프레드·금리 18개의 제1주성분)와 OFR FSI(33개 글로벌 시장 동적 요인)는 많은 시장과 전체 표본 적재값이 필요해 미래 정보를 씁니다. CISS의 순위와 상관은 과거만 필요합니다.',
      '구성요소 — 코스피 21일 실현 변동성: 코스피의 출렁임, 21일 일간 로그수익률 표본표준편차 × √252.',
      '구성요소 — VKOSPI (내재 변동성): 한국판 공포지수 VKOSPI / 100. VKOSPI 이력이 1년 쌓이면 점수에 반영 (무료 데이터는 2013년 이전 없음).',
      '구성요소 — 52주 고점 대비 낙폭: 종가 / 252거래일 최고 종가 − 1, 깊이로 순위: 상승분을 얼마나 반납했는지.',
      '구성요소 — 종가 vs 21일 이평: 종가 / 21일 평균 − 1, 아래 이격으로 순위: 하락 속도.',
      '구성요소 — 급등락 강도 (21일) (표시만, 점수 미반영): Σ|일간 로그수익률| − |21일 로그수익률| = 경로 × (1 − 효율비): 크게 흔들리지만 제자리.',
      '구성요소 — 한미 변동성 비율 (표시만, 점수 미반영): 서울 시점의 VKOSPI / VIX (한국 고유 공포, VKOSPI가 없으면 코스피/나스닥100 실현 변동성 비율).',
      '종가 vs 21일 이평: 종가 / 당일 포함 최근 21개 종가 단순평균 − 1.',
      '추세선: 최근 60거래일 내 스윙 저점(±3거래일 최저가)을 잇는 지지선. 가장 최근 스윙 저점에서 어떤 저점도 하회하지 않는 가장 가파른 선이며, 오늘 종가가 그 아래면 이탈.',
      '수익률: 종가 / n거래일 전 종가 − 1 (window=, 기본 21).',
      '효율비(ER): |ln(P_t/P_t−n)| / Σ|일간 로그수익률|. 1 = 일직선, 0에 가까울수록 방향 없는 급등락.',
      '실현 변동성: 최근 n일 일간 로그수익률 표본표준편차 × √252. 나스닥100은 서울 시점(코스피 거래일 이전 미국 세션). 변동성 증폭 = 코스피 / 나스닥100.',
      '60일 상관계수 / 베타: 코스피 60거래일 동안 나스닥100 일간 로그수익률 대비 코스피의 피어슨 상관계수와 OLS 기울기 (나스닥100은 각 코스피 거래일 직전 종가).',
      '낙폭: 종가 / 당일 포함 최근 252거래일 최고 종가 − 1.',
      'VKOSPI/VIX: 해당일 이전 최신 VKOSPI / 직전 미국 세션 VIX 종가.',
    ],
    args: {
      asof,
      window: { name: '기간', description: '헤드라인 수익률·효율비·변동성 계산 거래일 수 (기본 21), 5–250' },
    },
  },
  gamma: {
    name: '감마',
    aliases: ['레버리지', 'etf'],
    summary: '코스피가 X% 움직일 때 레버리지·인버스 ETF 리밸런싱 물량, 딜러 옵션 감마와 감마 플립 레벨.',
    explains: [
      '리밸런싱 물량: 각 펀드가 장 마감에 레버리지를 맞추려 매매해야 하는 금액, AUM · L · (L − 1) · 등락률 (Cheng & Madhavan 2009). 양수 = 순매수.',
      'AUM: 기준일 이전 최근 종가 기준 펀드 순자산, 달러 환산 (당일 원/달러 환율). "AUM 미확인" 펀드는 합계에서 제외.',
      '모든 상품이 같은 % 등락을 겪는다고 가정합니다. 단일종목 상품은 실제로는 해당 종목을 따릅니다.',
      '거래대금 대비 %: 원화 기준 총 물량 / 최근 20거래일 코스피 평균 거래대금.',
      '시나리오: +1%, −1%, +3%, −3%와 최근 실제 코스피200(또는 코스피) 일간 등락에 대한 같은 합계.',
      '행사가별 딜러 감마: Γ · 미결제약정 · 250,000 · S² · 0.01, 1% 움직임당 원화. 콜 +, 풋 − (딜러 콜 매수·풋 매도 가정).',
      '감마 플립: 딜러 총감마의 부호가 바뀌는 코스피200 레벨 (±15% 범위에서 각 옵션을 자체 IV로 재평가). 그 아래에서는 딜러 헤지가 변동을 키웁니다.',
      '원/달러: 기준일의 원↔달러 환산 환율.',
    ],
    args: {
      move: { name: '등락률', description: '코스피 등락률(%), 예: -3은 −3%' },
      aum: { name: '운용자산', description: '가상 펀드 규모(달러, 50b, 1.2t), lev=와 함께' },
      lev: { name: '레버리지', description: '가상 일간 레버리지, 예: 2 또는 -2, aum=과 함께' },
      asof,
    },
  },
  'vol-ratio': {
    name: '변동성-비율',
    aliases: ['변동성비율', 'vkospi'],
    summary: '한국 내재 변동성이 미국 대비 과도한가? VKOSPI/VIX, 비교 기간 대비 z-점수와 백분위.',
    explains: [
      '비율: KRX 거래일 이전 최신 VKOSPI 종가 / 직전 뉴욕 세션 VIX 종가 (서울 시점에서 알 수 있는 값).',
      'z-점수: (오늘 − 평균) / 비교 기간(오늘 포함) 비율의 표본표준편차.',
      '백분위: 비교 기간 중 비율이 오늘 이하였던 거래일 비중.',
      '차트 밴드: 비교 기간의 10–90, 25–75 백분위, 선은 중앙값.',
      '실현 변동성 기준 (VKOSPI가 없거나 오래된 경우): 서울 시점의 코스피 실현 변동성 / 나스닥100 실현 변동성. 내재 변동성 비율과 수준을 직접 비교할 수 없습니다.',
    ],
    args: {
      lookback: { name: '비교기간', description: '오늘을 비교할 기간: 90d, 6m, 1y, 3y… (1년 = 252거래일)' },
      asof,
    },
  },
  corr: {
    name: '상관관계',
    aliases: ['상관', '커플링'],
    summary: '코스피와 나스닥100은 여전히 같이 움직이나? 롤링 상관계수, 베타, 변동성 증폭.',
    explains: [
      '짝짓기: 코스피 t일을 t일 이전 최신 뉴욕 세션 종가와 비교 (뉴욕 마감이 서울 개장보다 먼저). 수익률은 모두 연속 코스피 거래일 간 일간 로그수익률.',
      '상관계수: 최근 `window` 코스피 거래일 동안 짝지은 수익률의 피어슨 상관계수.',
      '베타: 같은 기간 미국 수익률 대비 코스피 수익률의 OLS 기울기 (1.2 = 미국 지수 1%당 코스피 1.2%).',
      '변동성 증폭: `window` 거래일 코스피 실현 변동성 / 미국 실현 변동성 (미국은 t 이전 자체 세션).',
      '상관계수 백분위: 최근 3년 롤링 상관계수 중 오늘 이하인 비중.',
      'lag=0: 단순 같은 날짜 종가 비교, 참고용 (서울 이후의 미국 종가와 짝지음).',
    ],
    args: {
      window: { name: '기간', description: '상관계수 기간(KRX 거래일), 10–500' },
      vs: { name: '비교지수', description: '미국 지수: NDX(나스닥100) 또는 SOX(필라델피아 반도체)' },
      lag: { name: '시차', description: '1: 코스피 t일 vs 서울이 t일에 아는 미국 종가, 0: 같은 날짜 단순 비교' },
      asof,
    },
  },
  theta: {
    name: '세타',
    aliases: ['옵션', '콜옵션'],
    summary: '코스피200 콜 매수의 손익 구조: 프리미엄, 일일 세타, 프리미엄 반감까지 일수, 현재 IV vs 평시 기준.',
    explains: [
      '프리미엄: 블랙-숄즈-머튼 콜 가치 (연속 이자율 r, 배당수익률 q), 지수 포인트와 계약당 원화 (× 250,000).',
      '일일 세타: 연간 BSM 세타 / 365, 달력일 기준, 포인트와 계약당 원화.',
      '프리미엄 대비 세타 %: 하루 세타 / 오늘 프리미엄.',
      '프리미엄 반감 일수: 지수와 IV가 그대로일 때 콜 가치가 오늘의 절반이 되기까지 달력일 수.',
      '손익분기 일간 변동: σ·S/√365, 감마로 하루 세타를 만회하는 일간 변동 (등가격 부근).',
      'IV: iv= 입력값, 없으면 최신 VKOSPI. 평시 기준: VKOSPI 3년 중앙값 (VKOSPI가 없으면 코스피200 21일 실현 변동성, 표시).',
    ],
    args: {
      iv: { name: '내재변동성', description: '내재 변동성(%), 기본 최신 VKOSPI' },
      days: { name: '만기일수', description: '만기까지 달력일 수, 1–730' },
      moneyness: { name: '행사가비율', description: '행사가 / 현재가, 0.5–2' },
      spot: { name: '현재가', description: '코스피200 레벨, 기본 최근 종가' },
      strike: { name: '행사가', description: '행사가, 기본 현재가 × 행사가비율' },
      rate: { name: '무위험이자율', description: '무위험 이자율(%)' },
      q: { name: '배당수익률', description: '배당수익률(%)' },
      asof,
    },
  },
  'ai-basket': {
    name: 'ai-바스켓',
    aliases: ['ai바스켓', '반도체'],
    summary: '아시아 AI 하드웨어 트레이드는 여전히 주도 중인가? 삼성전자·SK하이닉스·TSMC vs 나스닥100·SOX.',
    explains: [
      '기준 달력: KRX 거래일. 아시아 종목은 해당일 이전 최근 종가, NDX·SOX는 직전 뉴욕 세션 종가 (서울 시점).',
      '1개월 / 3개월 수익률: 최근 21 / 63 KRX 거래일 단순 수익률.',
      '바스켓: 각 기간 시작 시 동일 비중으로 보유, 수익률은 구성 종목 수익률의 평균.',
      'NDX / SOX 대비 상대수익률: 같은 기간 종목 수익률 − 지수 수익률 (%p).',
      'NDX 60일 상관계수: 서울 시점 나스닥100과의 60거래일 일간 로그수익률 피어슨 상관계수.',
      '1개월 분산도: 종목별 1개월 수익률의 횡단면 표준편차(모집단). 높을수록 트레이드가 갈라지는 중.',
      '60일 평균 쌍별 상관계수: 모든 종목 쌍의 60거래일 일간 로그수익률 상관계수 평균.',
      '톤: 바스켓 1개월 수익률 기준 (−5% 미만 주의, −10% 경계, −20% 위험).',
    ],
    args: { asof },
  },
  digest: {
    name: '브리핑',
    aliases: ['다이제스트', '모닝브리핑', '시황'],
    summary: '아침 시황 브리핑: 모든 스트레스 지표 헤드라인과 전 거래일 대비 변화를 한 번에, 채널 구독 가능.',
    explains: [
      '스트레스: /kospi-stress 점수 0-100과 구간. ETF 물량: move=1의 /gamma (코스피 1% 움직임당 레버리지·인버스 ETF 리밸런싱).',
      'VKOSPI / VIX: 1년 기준 /vol-ratio. 코스피–나스닥100 상관: 60일 /corr. 세타: 현재 IV의 30일 등가격 콜 /theta. AI 바스켓: /ai-basket 1개월 상대 등락.',
      '<날짜> 대비: 전 KRX 거래일 기준으로 다시 계산한 같은 수치와 변화 (점수는 포인트, 비율은 %p).',
      '구독 채널은 KRX 거래일마다 DIGEST_TZ의 DIGEST_CRON 시각(기본 서울 08:30) 또는 지정한 time=에 받습니다.',
      '알림: 채널당 하루 한 번, KRX 장중 15분마다 확인하여 스트레스 점수가 기준 이상이면 발송.',
    ],
    args: {
      action: { name: '동작', description: 'subscribe | unsubscribe | status | alert (없으면 지금 브리핑)' },
      value: { name: '값', description: 'subscribe: 시각 HH:MM, alert: 점수 또는 off' },
      time: { name: '시각', description: 'subscribe: DIGEST_TZ 기준 HH:MM (기본 DIGEST_CRON 시각)' },
      'score>': { name: '점수', description: 'alert: 스트레스 점수가 이 값(0-100)에 도달하면 하루 한 번 알림' },
      asof,
    },
  },
  alert: {
    name: '알림',
    aliases: ['경보'],
    summary: '명령어가 보여주는 어떤 수치로든 알림 설정 (score>=80, close<trendline, corr60<0.2 …): 조건이 참이 되는 순간 한 번 발송.',
    explains: [
      '이름: score (스트레스 점수 0-100, /kospi-stress), close (코스피 종가), sma21 (21일 이평), trendline (단기 지지 추세선), pctFromSma21 (21일 이평 대비 이격, 0.02 또는 2% = 2% 위), drawdown52w (52주 고점 대비 낙폭), return21d (21거래일 수익률), vol21d (코스피 21일 실현 변동성), corr60 (코스피–나스닥100 60일 상관), beta60 (나스닥100 대비 60일 베타), vkospiVixRatio (VKOSPI / VIX), volAmplification (코스피 변동성 / 나스닥100 변동성), vkospiVixZ (1년 VKOSPI/VIX z-점수, /vol-ratio), flowUsd (+1%당 레버리지·인버스 ETF 리밸런싱 규모, 달러, /gamma), flowLatestUsd (최근 실제 등락의 ETF 리밸런싱 규모, 달러), flowPctOfTurnover (1%당 리밸런싱 규모의 거래대금 대비 비율).',
      '조건은 이름을 숫자나 다른 이름과 비교하고(>=, <=, >, <) and / or로 잇습니다 (and가 먼저, 괄호로 묶음). 숫자는 k/m/b/t와 %를 받습니다: flowLatestUsd<=-1b, pctFromSma21<-2%.',
      '에지 트리거: 조건이 참이 되는 순간 발송하고, 기준 밴드 밖으로 거짓이 되거나(점수 5포인트, 지수 수준 0.5%, 0.5%p, 비율 0.05, 금액 10%) cooldown=(기본 60m) 동안 거짓이면 다시 준비됩니다. 데이터가 없으면 발송도 재준비도 하지 않습니다.',
      'KRX 장중 15분마다 확인하며, 발송은 한 번뿐(발송 원장)이고 수치, 기준값, 차트, 자세히 볼 명령어를 함께 보냅니다.',
      'test: 지금 참인지, 그리고 lookback=(기본 3m) 동안 거래일마다 한 번 확인했을 때 언제 발송됐을지.',
    ],
    args: {
      action: { name: '동작', description: 'add (추가) | list (목록) | remove (삭제) | test (시험)' },
      condition: { name: '조건', description: 'add/test: 예 score>=80 또는 close<trendline and corr60<0.2; remove: 알림 번호' },
      cooldown: { name: '재준비', description: 'add: 조건이 이만큼 거짓이면 다시 준비 (기본 60m)' },
      lookback: { name: '기간', description: 'test: 되돌려 볼 이력, 예 3m 또는 1y' },
    },
  },
  calendar: {
    name: '일정',
    aliases: ['캘린더', '만기'],
    summary: '다가오는 일정: 코스피200 옵션·선물 만기(월물, 위클리), KRX 휴장일, 한국은행 기준금리 결정일.',
    explains: [
      '만기: KRX 상품 명세(코스피200 옵션·선물): 최종거래일은 매월 둘째 목요일; 위클리는 둘째 주를 뺀 매주 목요일(휴장이면 앞당김)과 매주 월요일(휴장이면 뒤로).',
      '한국은행: 금융통화위원회 회의 일정(bok.or.kr, 매년 공표); 내장 목록 이후 날짜는 CALENDAR_CSV(date,kind,label,source; kind bok-rate)에서 읽습니다.',
      'KRX 휴장일: 평일 휴장(공휴일, 근로자의 날, 연말 폐장일, 선거일).',
    ],
    args: {
      days: { name: '일수', description: '앞으로 며칠까지 보여줄지 (달력일)' },
      asof,
    },
  },
  help: {
    name: '도움말',
    aliases: ['명령어'],
    summary: '모든 명령어와 인자, 예시. /help <명령어>는 각 수치의 의미를 설명합니다.',
    explains: ['/help는 모든 명령어를 인자(기본값 포함)와 예시로 보여주고, /help <명령어>는 답변의 각 수치가 무엇을 뜻하는지 덧붙입니다.'],
    args: { command: { name: '명령어', description: '명령어 이름, 예: corr' } },
  },
  'stress-settings': {
    name: '설정',
    aliases: ['언어'],
    summary: '이 채널(또는 서버)의 설정: 답변·브리핑·알림 언어 (lang=ko|en).',
    explains: ['lang=ko|en: 이 채널의 모든 답변, 아침 브리핑과 알림의 언어. lang=default는 설정을 지우고 사용자·봇 기본 언어를 따릅니다.'],
    args: { lang: { name: '언어', description: 'ko (한국어), en (영어) 또는 default' } },
  },
};
