// /help and /stress-settings.

export const en = {
  title: 'stressbot commands',
  headline: 'Market-stress answers for Korea. Arguments are key=value; percentages as you say them (move=-3 is −3 %); asof=YYYY-MM-DD replays a past day.',
  eg: (summary: string, example: string) => `${summary} e.g. ${example}`,
  more: '/help <command> explains each argument and each number of an answer. lang=ko|en on any command picks the language.',
  usage: 'Usage',
  examples: 'Examples',
  default: (d: string) => ` (default ${d})`,
  optional: ' (optional)',
  required: ' (required)',
  /** How every answer treats old inputs, gaps and changes to the input (English: TRUST_NOTES in src/commands/help.ts). */
  trust: [] as string[],
  noCommand: (given: string, list: string) => `/help: no command "${given}" (try one of: ${list}). Example: /help corr`,
  settings: {
    title: 'Channel settings',
    language: 'Language',
    names: { en: 'English', ko: 'Korean (한국어)' } as Record<string, string>,
    set: (lang: string) => `This channel now gets answers, the digest and alerts in ${lang}.`,
    cleared: 'This channel has no language setting now: each user’s own language, else the bot’s default.',
    shown: (lang: string) => `This channel speaks ${lang}.`,
    unset: 'not set (each user’s language, else the bot default)',
    whereOnly: '/stress-settings: settings are kept per Slack or Discord channel. Example: /stress-settings lang=ko',
    noStore: '/stress-settings: settings are not available here (the bot runs without its store). Example: /stress-settings lang=ko',
  },
};

export type HelpMessages = typeof en;

export const ko: HelpMessages = {
  title: 'stressbot 명령어',
  headline: '한국 시장 스트레스 지표 봇. 인자는 key=value 형식, 퍼센트는 말하는 그대로 (move=-3은 −3%), asof=YYYY-MM-DD로 과거 특정일을 재현합니다.',
  eg: (summary, example) => `${summary} 예: ${example}`,
  more: '/help <명령어>로 각 인자와 답변 수치의 의미를 확인하세요. 모든 명령어에 lang=ko|en으로 언어를 고를 수 있습니다.',
  usage: '사용법',
  examples: '예시',
  default: (d) => ` (기본값 ${d})`,
  optional: ' (선택)',
  required: ' (필수)',
  trust: [
    '데이터 신선도: 지수 종가는 해당 시장 1거래일, ETF 순자산은 KRX 1거래일, 원/달러는 2일(평일), 코스피200 옵션 체인은 KRX 1거래일 이내 (요청일 기준). 오래된 입력은 현재값으로 쓰지 않습니다: 답변의 기반(/theta의 현재가·IV)이면 해당 입력과 최종일을 밝히고 거절하며, 그 밖에는 해당 항목을 최종일과 함께 "데이터 없음"으로 표시하고 메모로 알립니다.',
    '데이터 없음은 별도 톤(회색 ⚪ "데이터 없음")이며 안정·초록으로 보이지 않습니다. 일부 항목이 빠진 답변은 전체가 안정으로 표시되지 않습니다.',
    '입력을 바꾼 경우 모두 알려드립니다: 휴장일을 거래일로 이동("2024-08-04는 일요일 → 2024-08-02"), asof=today|yesterday 해석, 단위가 반대로 보이는 값("iv=0.4는 0.4%로 읽음"). 날짜만 쓰면 asof=이며, 전각 문자와 −도 됩니다.',
  ],
  noCommand: (given, list) => `/help: "${given}" 명령어가 없습니다 (사용 가능: ${list}). 예: /help corr`,
  settings: {
    title: '채널 설정',
    language: '언어',
    names: { en: '영어 (English)', ko: '한국어' },
    set: (lang) => `이제 이 채널의 답변, 아침 브리핑, 알림이 ${lang}로 나갑니다.`,
    cleared: '이 채널의 언어 설정을 지웠습니다: 사용자 언어, 없으면 봇 기본 언어를 따릅니다.',
    shown: (lang) => `이 채널의 언어: ${lang}`,
    unset: '설정 안 됨 (사용자 언어, 없으면 봇 기본값)',
    whereOnly: '/stress-settings: 설정은 Slack 또는 Discord 채널별로 저장됩니다. 예: /stress-settings lang=ko',
    noStore: '/stress-settings: 이 환경에서는 설정을 저장할 수 없습니다 (저장소 없이 실행 중). 예: /stress-settings lang=ko',
  },
};
