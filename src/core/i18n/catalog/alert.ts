// /alert: adding, listing, removing and testing alerts, and the post when one fires.

const s = (n: number) => (n === 1 ? '' : 's');

/** Why a typed condition does not parse (the parser says which; each language words it). */
export type ConditionProblem =
  | { kind: 'notAnOperator' | 'unexpected' | 'unknownName' | 'joinWith'; word: string }
  | { kind: 'empty' | 'operandAtEnd' | 'operandExpected' | 'missingParen' | 'operatorExpected' | 'twoNumbers' };

export const en = {
  namesHint: (names: string, example: string) => `Names: ${names}. Example: ${example}`,
  giveCondition: (action: string, hint: string) => `/alert ${action}: give a condition such as score>=80 or close<trendline, joined with and/or. ${hint}`,
  badCondition: (action: string, why: string, at: string, hint: string) => `/alert ${action}: ${why} (at "${at}"). ${hint}`,
  end: 'end',
  conditionProblem: (p: ConditionProblem): string => {
    switch (p.kind) {
      case 'notAnOperator': return `"${p.word}" is not an operator here: use >=, <=, > or <`;
      case 'unexpected': return `unexpected "${p.word}"`;
      case 'unknownName': return `unknown name "${p.word}"`;
      case 'joinWith': return `unexpected "${p.word}": join conditions with and / or`;
      case 'empty': return 'empty condition';
      case 'operandAtEnd': return 'expected a name or a number at the end';
      case 'operandExpected': return 'expected a name or a number';
      case 'missingParen': return 'missing ")"';
      case 'operatorExpected': return 'expected >=, <=, > or < after a name';
      case 'twoNumbers': return 'compares two numbers: one side must be a name';
    }
  },
  noStore: '/alert: alerts are not available here (the bot runs without its store). Example: /alert test score>=80',
  noChannel: (action: string, example: string) => `/alert ${action}: alerts belong to a channel; ask in one. Example: ${example}`,
  giveId: '/alert remove: give an alert id as /alert list shows it. Example: /alert remove a1',
  testCooldown: '/alert test takes lookback=, not cooldown=. Example: /alert test score>=80 lookback=1y',
  rule: (id: string, condition: string, cooldown: string, armed: boolean, firedAt: string | null) =>
    `${id}: ${condition} · re-arms after ${cooldown} false or beyond its band · ${armed ? 'armed' : `fired ${firedAt}, waiting to re-arm`}`,
  added: 'Alert added',
  addedHeadline: (id: string, condition: string) => `Alert ${id} set: this channel is told when ${condition} becomes true.`,
  list: 'Alerts',
  listHeadline: (n: number) => `${n} alert${s(n)} in this channel.`,
  listEmpty: (example: string) => `No alerts in this channel. Try ${example}.`,
  removed: 'Alert removed',
  removedHeadline: (id: string) => `Alert ${id} removed.`,
  notFound: (id: string) => `No alert ${id} in this channel (see /alert list).`,
  noData: 'no data',
  truthNow: (t: boolean | null): string => (t === null ? 'unknown now (no data)' : t ? 'TRUE now' : 'false now'),
  testHeadline: (text: string, now: string, values: string, sessions: number, trueOn: number, fired: number) =>
    `${text} is ${now} (${values}); over the last ${sessions} sessions it was true on ${trueOn} and would have fired ${fired} time${s(fired)}.`,
  testTitle: (text: string) => `Alert test · ${text}`,
  chartTitle: (text: string) => `Alert test: ${text}`,
  chartSubtitle: (lead: string, sessions: number) => `${lead} over ${sessions} sessions; ▲ where it would have fired`,
  threshold: (v: string) => `threshold ${v}`,
  lNow: 'Now',
  truth: (t: boolean | null): string => (t === null ? 'no data' : t ? 'true' : 'false'),
  lTrueOn: 'True on',
  trueOn: (n: number, of: number) => `${n} of ${of} sessions with data`,
  lWouldHave: 'Would have fired',
  lastTen: (n: number) => ` (last 10 of ${n})`,
  never: 'never',
  replayNote: 'Replayed once a session with no look-ahead; the scheduler checks every 15 minutes during KRX hours, so live firings can come sooner.',
  // the post when an alert fires
  firedTitle: (id: string, condition: string) => `Alert ${id}: ${condition}`,
  firedHeadline: (condition: string, utc: string, seoulDay: string, values: string) => `${condition} became true at ${utc} UTC (${seoulDay} Seoul): ${values}.`,
  lThreshold: 'Threshold',
  lSeeMore: 'See more',
  rearmNote: (min: number, id: string) => `Re-arms once false beyond its band or for ${min} min; /alert remove ${id} stops it.`,
};

export type AlertMessages = typeof en;

export const ko: AlertMessages = {
  namesHint: (names, example) => `지표 이름: ${names}. 예: ${example}`,
  giveCondition: (action, hint) => `/alert ${action}: score>=80 또는 close<trendline 같은 조건을 입력하세요 (and/or로 연결). ${hint}`,
  badCondition: (action, why, at, hint) => `/alert ${action}: ${why} ("${at}" 부분). ${hint}`,
  end: '끝',
  conditionProblem: (p) => {
    switch (p.kind) {
      case 'notAnOperator': return `"${p.word}"는 여기서 쓸 수 없는 연산자입니다: >=, <=, > 또는 <를 쓰세요`;
      case 'unexpected': return `"${p.word}"는 조건에 쓸 수 없는 문자입니다`;
      case 'unknownName': return `"${p.word}"는 없는 지표 이름입니다`;
      case 'joinWith': return `"${p.word}" 앞에서 조건이 끊겼습니다: 조건은 and / or로 연결하세요`;
      case 'empty': return '조건이 비어 있습니다';
      case 'operandAtEnd': return '끝에 지표 이름이나 숫자가 빠졌습니다';
      case 'operandExpected': return '지표 이름이나 숫자가 와야 합니다';
      case 'missingParen': return '닫는 괄호 ")"가 없습니다';
      case 'operatorExpected': return '지표 이름 뒤에 >=, <=, > 또는 <가 와야 합니다';
      case 'twoNumbers': return '숫자끼리 비교하고 있습니다: 한쪽은 지표 이름이어야 합니다';
    }
  },
  noStore: '/alert: 이 환경에서는 알림을 쓸 수 없습니다 (저장소 없이 실행 중). 예: /alert test score>=80',
  noChannel: (action, example) => `/alert ${action}: 알림은 채널 단위입니다. 채널에서 입력하세요. 예: ${example}`,
  giveId: '/alert remove: /alert list에 나오는 알림 ID를 입력하세요. 예: /alert remove a1',
  testCooldown: '/alert test에는 cooldown= 대신 lookback=을 씁니다. 예: /alert test score>=80 lookback=1y',
  rule: (id, condition, cooldown, armed, firedAt) =>
    `${id}: ${condition} · 조건이 ${cooldown} 동안 거짓이거나 허용 범위를 벗어나면 재설정 · ${armed ? '대기 중' : `${firedAt} 발송, 재설정 대기`}`,
  added: '알림 등록',
  addedHeadline: (id, condition) => `알림 ${id} 등록: ${condition} 조건이 충족되면 이 채널에 알립니다.`,
  list: '알림 목록',
  listHeadline: (n) => `이 채널의 알림 ${n}건.`,
  listEmpty: (example) => `이 채널에 등록된 알림이 없습니다. 예: ${example}`,
  removed: '알림 삭제',
  removedHeadline: (id) => `알림 ${id}을(를) 삭제했습니다.`,
  notFound: (id) => `이 채널에 알림 ${id}이(가) 없습니다 (/alert list 참고).`,
  noData: '데이터 없음',
  truthNow: (t) => (t === null ? '현재 판단 불가 (데이터 없음)' : t ? '현재 충족' : '현재 미충족'),
  testHeadline: (text, now, values, sessions, trueOn, fired) =>
    `${text}: ${now} (${values}); 최근 ${sessions}거래일 중 ${trueOn}일 충족, 알림은 ${fired}회 발송됐을 것입니다.`,
  testTitle: (text) => `알림 테스트 · ${text}`,
  chartTitle: (text) => `알림 테스트: ${text}`,
  chartSubtitle: (lead, sessions) => `${lead} 최근 ${sessions}거래일; ▲ 알림 발송 시점`,
  threshold: (v) => `기준값 ${v}`,
  lNow: '현재',
  truth: (t) => (t === null ? '데이터 없음' : t ? '충족' : '미충족'),
  lTrueOn: '충족 일수',
  trueOn: (n, of) => `데이터가 있는 ${of}거래일 중 ${n}일`,
  lWouldHave: '발송 시점',
  lastTen: (n) => ` (${n}회 중 최근 10회)`,
  never: '없음',
  replayNote: '과거 재현은 미래 데이터 없이 거래일당 한 번 확인한 결과입니다. 실제 알림은 KRX 장중 15분마다 확인하므로 더 일찍 올 수 있습니다.',
  firedTitle: (id, condition) => `알림 ${id}: ${condition}`,
  firedHeadline: (condition, utc, seoulDay, values) => `${condition} 조건 충족 (${seoulDay} 서울, ${utc} UTC): ${values}.`,
  lThreshold: '기준',
  lSeeMore: '자세히 보기',
  rearmNote: (min, id) => `조건이 허용 범위를 벗어나 거짓이 되거나 ${min}분이 지나면 재설정됩니다. 중지하려면 /alert remove ${id}.`,
};
