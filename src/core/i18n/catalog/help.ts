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
