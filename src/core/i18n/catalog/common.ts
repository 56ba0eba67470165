// Words every answer shares: regimes, the stamps on every report, the pipeline's error lines and
// the argument parsers' complaints. English is the reference; `ko: CommonMessages` fails the type
// check when a key is missing or takes other parameters.
import type { Tone } from '../../types.ts';
import { koDataNote } from './dataNotes.ts';

export const en = {
  tone: { calm: 'calm', elevated: 'elevated', high: 'high', extreme: 'extreme', missing: 'no data' } satisfies Record<Tone, string>,
  caveat: 'Not investment advice: numbers are computed from the sources shown and may lag or be wrong.',
  demoNote: 'DEMO data: a synthetic market for trying the bot, not real prices.',
  demoHeadline: (h: string) => `DEMO · ${h}`,
  demoTitle: (t: string) => `${t} [DEMO]`,
  demoFooter: ' · DEMO data',
  watermark: 'DEMO',
  stale: (symbol: string, source: string, why: string) => `Stale: ${symbol} (${source}) ${why}`,
  staleMark: ' (stale)',
  footer: (asOf: string, sources: string) => `As of ${asOf} · Source: ${sources}`,
  sources: 'Sources',
  unsupportedLang: (given: string) => `lang=${given} is not a language this bot speaks (ko or en). Example: /kospi-stress lang=ko`,
  // the pipeline's one-line answers
  tooLong: (n: number, max: number) => `That line is ${n} characters long; the limit is ${max}. Try: /help`,
  empty: 'Type a command, e.g. /kospi-stress — /help lists them all.',
  unknownCommand: (word: string) => `Unknown command "${word}". Try /help, e.g. /kospi-stress`,
  usage: (command: string, what: string, example: string) => `/${command}: ${what}. Example: ${example}`,
  unexpectedWord: (word: string) => `unexpected word "${word}" (arguments are key=value)`,
  unknownArg: (key: string, keys: string) => `unknown argument "${key}" (takes: ${keys})`,
  none: 'none',
  givenTwice: (key: string) => `${key} is given twice`,
  required: 'is required',
  dataMissing: (what: string) => `Data missing: ${what}`,
  dataFrom: (symbol: string, source: string, reason: string) => `${symbol} from ${source}: ${reason}`,
  rate: (sec: number) => `Slow down: you can ask again in ${sec}s.`,
  internal: (id: string) => `Something went wrong on our side (ref ${id}). Try again in a moment, or /help.`,
  /** Messages of the shared argument parsers (src/commands/args.ts), by the English text zod holds. */
  zod: {} as Record<string, string>,
  /** The same for parameterised ones: `must be at least 5`. */
  atLeast: (n: string) => `must be at least ${n}`,
  atMost: (n: string) => `must be at most ${n}`,
};

export type CommonMessages = typeof en;

export const ko: CommonMessages = {
  tone: { calm: '안정', elevated: '주의', high: '경계', extreme: '위험', missing: '데이터 없음' },
  caveat: '투자 권유가 아닙니다: 표시된 출처의 데이터로 계산한 수치이며 지연되거나 틀릴 수 있습니다.',
  demoNote: 'DEMO 데이터: 봇 체험용 가상 시장이며 실제 시세가 아닙니다.',
  demoHeadline: (h) => `DEMO · ${h}`,
  demoTitle: (t) => `${t} [DEMO]`,
  demoFooter: ' · DEMO 데이터',
  watermark: 'DEMO',
  stale: (symbol, source, why) => `지연 데이터: ${symbol} (${source}) ${koDataNote(why)}`,
  staleMark: ' (지연)',
  footer: (asOf, sources) => `기준: ${asOf} · 출처: ${sources}`,
  sources: '출처',
  unsupportedLang: (given) => `lang=${given}은(는) 지원하지 않는 언어입니다 (ko 또는 en). 예: /kospi-stress lang=ko`,
  tooLong: (n, max) => `입력이 ${n}자로 너무 깁니다 (최대 ${max}자). 예: /help`,
  empty: '명령어를 입력하세요. 예: /kospi-stress — 전체 목록은 /help',
  unknownCommand: (word) => `알 수 없는 명령어 "${word}"입니다. /help를 확인하세요. 예: /kospi-stress`,
  usage: (command, what, example) => `/${command}: ${what}. 예: ${example}`,
  unexpectedWord: (word) => `예상하지 못한 단어 "${word}" (인자는 key=value 형식입니다)`,
  unknownArg: (key, keys) => `알 수 없는 인자 "${key}" (사용 가능: ${keys})`,
  none: '없음',
  givenTwice: (key) => `${key}이(가) 두 번 입력되었습니다`,
  required: '값이 필요합니다',
  dataMissing: (what) => `데이터 없음: ${what}`,
  dataFrom: (symbol, source, reason) => `${symbol} (출처 ${source}): ${koDataNote(reason)}`,
  rate: (sec) => `요청이 너무 많습니다: ${sec}초 후에 다시 시도하세요.`,
  internal: (id) => `내부 오류가 발생했습니다 (참조 ${id}). 잠시 후 다시 시도하거나 /help를 확인하세요.`,
  zod: {
    'expected a date as YYYY-MM-DD': 'YYYY-MM-DD 형식의 날짜여야 합니다',
    'is not a real calendar date': '존재하지 않는 날짜입니다',
    'expected a number': '숫자여야 합니다',
    'expected a finite number': '유한한 숫자여야 합니다',
    'expected a whole number': '정수여야 합니다',
    'must be positive': '0보다 커야 합니다',
    'expected an amount like 50b, 1.2t or 2500000': '50b, 1.2t, 2500000 같은 금액이어야 합니다',
    'expected a span like 90d, 6m or 1y': '90d, 6m, 1y 같은 기간이어야 합니다',
    'must cover at least 20 sessions': '최소 20거래일 이상이어야 합니다',
    'must be at most 30y': '최대 30y까지 가능합니다',
    'expected subscribe, unsubscribe, status or alert': 'subscribe, unsubscribe, status, alert 중 하나여야 합니다',
    'expected ko or en': 'ko 또는 en이어야 합니다',
  },
  atLeast: (n) => `${n} 이상이어야 합니다`,
  atMost: (n) => `${n} 이하여야 합니다`,
};
