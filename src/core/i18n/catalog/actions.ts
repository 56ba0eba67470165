// The words of the interactive surfaces: follow-up buttons and selects under an answer, the refusal
// of a button stressbot did not make, Slack's App Home and form, the playground's form panel.

export const en = {
  refresh: '↻ Refresh',
  previous: '◀ Previous session',
  next: 'Next session ▶',
  explain: 'What do these numbers mean?',
  change: (key: string) => `Change ${key}`,
  movedOn: (was: string, now: string) => `The data has moved on since that answer (it was as of ${was}; this one is as of ${now}). ↻ Refresh the rest to match.`,
  notOurs: 'That button is not one stressbot can answer (it may be from an older version or have expired). Ask again, e.g. /kospi-stress',
  home: {
    title: 'stressbot: today',
    asOf: (stamps: string) => `as of ${stamps}`,
    noData: (command: string, why: string) => `*/${command}*: no data (${why})`,
    unavailable: 'unavailable',
    open: 'Ask stressbot…',
    yours: 'Your channels',
    digestAt: (time: string) => `morning digest at ${time}`,
    digestDefault: 'morning digest',
    scoreAlert: (score: number) => `alert at stress ≥ ${score}`,
    alert: (id: string, when: string) => `alert ${id}: ${when}`,
    none: 'No channel subscriptions or alerts of yours yet. Try `/digest subscribe` or `/alert add` in a channel.',
    listUnavailable: 'Your subscriptions could not be read just now.',
  },
  form: {
    title: 'Ask stressbot',
    submit: 'Ask',
    cancel: 'Cancel',
    postIn: 'Post the answer in',
    command: 'Command',
    build: 'Build a command',
    line: 'The line it asks',
  },
};

export type ActionMessages = typeof en;

export const ko: ActionMessages = {
  refresh: '↻ 새로고침',
  previous: '◀ 이전 거래일',
  next: '다음 거래일 ▶',
  explain: '이 숫자들은 무슨 뜻인가요?',
  change: (key) => `${key} 바꾸기`,
  movedOn: (was, now) => `그 답변 이후 데이터가 갱신되었습니다 (이전 기준일 ${was}, 이번 기준일 ${now}). 나머지도 맞추려면 ↻ 새로고침을 누르세요.`,
  notOurs: 'stressbot이 답할 수 없는 버튼입니다 (이전 버전의 버튼이거나 만료되었습니다). 다시 물어보세요. 예: /kospi-stress',
  home: {
    title: 'stressbot: 오늘',
    asOf: (stamps) => `기준일 ${stamps}`,
    noData: (command, why) => `*/${command}*: 데이터 없음 (${why})`,
    unavailable: '이용 불가',
    open: 'stressbot에 질문…',
    yours: '내 채널',
    digestAt: (time) => `아침 다이제스트 ${time}`,
    digestDefault: '아침 다이제스트',
    scoreAlert: (score) => `스트레스 ${score} 이상 알림`,
    alert: (id, when) => `알림 ${id}: ${when}`,
    none: '아직 구독한 채널이나 알림이 없습니다. 채널에서 `/digest subscribe`나 `/alert add`를 써 보세요.',
    listUnavailable: '지금은 구독 목록을 읽을 수 없습니다.',
  },
  form: {
    title: 'stressbot에 질문',
    submit: '질문',
    cancel: '취소',
    postIn: '답변을 올릴 곳',
    command: '명령어',
    build: '명령어 만들기',
    line: '보낼 명령',
  },
};
