// What the adapters add around an answer: source lines, Slack's anchors and apologies, Discord's
// footer, the playground's page.

export const en = {
  asOf: (date: string) => `As of ${date}`,
  sourcesAsOf: 'Sources (as of)',
  working: '⏳ working…',
  asked: (user: string, line: string) => `${user} asked ${line}`,
  anchorData: '⚠️ could not answer: data missing (details in thread)',
  anchorError: '❌ failed (details in thread)',
  couldNot: (why: string) => `could not answer: ${why}`,
  chartsFailed: (ref: string) => `⚠️ The charts could not be uploaded (ref ${ref}).`,
  invite: 'Invite me to this channel (/invite @stressbot) to get answers in a thread with charts.',
  failedLine: (line: string, ref: string) => `Something went wrong answering \`${line}\` (ref ${ref}). Try again in a moment.`,
  failed: (ref: string) => `Something went wrong answering that (ref ${ref}). Try again in a moment.`,
  notHere: (command: string, help: string) => `${command} is not available on this stressbot. ${help} lists what is.`,
  playground: {
    title: 'stressbot playground',
    intro: 'Ask what a Slack or Discord user would: the same answers, charts and previews.',
    placeholder: '/kospi-stress asof=2024-08-05',
    send: 'Ask',
    working: 'Working…',
    language: 'Language',
  },
};

export type PlatformMessages = typeof en;

export const ko: PlatformMessages = {
  asOf: (date) => `기준일 ${date}`,
  sourcesAsOf: '출처 (기준일)',
  working: '⏳ 계산 중…',
  asked: (user, line) => `${user} 님의 질문 ${line}`,
  anchorData: '⚠️ 답변 불가: 데이터 없음 (자세한 내용은 스레드)',
  anchorError: '❌ 실패 (자세한 내용은 스레드)',
  couldNot: (why) => `답변 불가: ${why}`,
  chartsFailed: (ref) => `⚠️ 차트를 올리지 못했습니다 (참조 ${ref}).`,
  invite: '스레드에서 차트와 함께 답을 받으려면 이 채널에 초대해 주세요 (/invite @stressbot).',
  failedLine: (line, ref) => `\`${line}\`에 답하는 중 오류가 발생했습니다 (참조 ${ref}). 잠시 후 다시 시도하세요.`,
  failed: (ref) => `답변 중 오류가 발생했습니다 (참조 ${ref}). 잠시 후 다시 시도하세요.`,
  notHere: (command, help) => `${command}은(는) 이 stressbot에서 쓸 수 없습니다. 사용 가능한 명령어는 ${help}에서 확인하세요.`,
  playground: {
    title: 'stressbot 플레이그라운드',
    intro: 'Slack이나 Discord 사용자처럼 물어보세요: 같은 답변, 차트, 미리보기를 보여줍니다.',
    placeholder: '/kospi-stress lang=ko',
    send: '질문',
    working: '계산 중…',
    language: '언어',
  },
};
