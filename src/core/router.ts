// Text line → command → Report. Every adapter goes through here, so validation, error wording
// and crash-safety are the same on every platform.
import { randomBytes } from 'node:crypto';
import type { Command, Context, Report } from './types.ts';
import { DataError, RateLimitError, UnavailableError, UsageError } from './errors.ts';
import { foldCharacters, normalizeArgWords, seoulDateOf, unitHints } from './normalize.ts';
import { aliasIndex, COMMAND_WORDS, messages, parseLocale, translateIssue, type Locale, type Messages } from './i18n/index.ts';
import { scrubDeep } from './secrets.ts';
import { followUps, type FollowUp, type SessionCalendar } from './actions.ts';

export const MAX_LINE_CHARS = 500;

/** Who sees a reply: the asker alone (their mistake, their rate limit) or the channel they asked in. */
export type Audience = 'asker' | 'channel';

/** A series an answer needed and could not have. */
export interface Missing {
  symbol: string;
  source: string;
  reason: string;
}

/**
 * What became of one ask, structured so adapters translate it without parsing text; `message` is the
 * one line to show where a platform shows text.
 */
export type Outcome =
  | { kind: 'answer'; audience: 'channel'; report: Report; actions?: FollowUp[] }
  | { kind: 'usage'; audience: 'asker'; message: string; example: string }
  | { kind: 'data'; audience: 'channel'; message: string; missing: Missing[] }
  | { kind: 'rate'; audience: 'asker'; message: string; retryAfterSec: number }
  | { kind: 'error'; audience: 'channel'; message: string; id: string };

export const usageOutcome = (err: UsageError): Outcome => ({ kind: 'usage', audience: 'asker', message: err.message, example: err.example });

export interface Parsed {
  command: Command;
  args: Record<string, unknown>;
  /** Changes of meaning made to what was typed (a date resolved, a unit guessed), said in the answer. */
  notes: string[];
  /** The arguments as typed (after normalization), key → text: follow-up lines are spelled from these. */
  raw: Record<string, string>;
  /** `lang=` on the line (or a Korean command word), for every command that does not take lang= itself. */
  locale?: Locale;
}

const ALIASES = aliasIndex();

/** The command a word names: its own name, or one of its Korean names (`코스피`, `감마`). */
export function findCommand(name: string, list: readonly Command[]): Command | undefined {
  const bare = name.replace(/^\//, '').toLowerCase();
  const canonical = ALIASES.get(bare) ?? bare;
  return list.find((c) => c.name === canonical);
}

/** True when the word is one of a command's Korean names: the asker writes Korean. */
const isKoreanWord = (name: string): boolean => ALIASES.has(name.replace(/^\//, '').toLowerCase()) && /[\u3131-\uD79D]/.test(name);

const LANG = /^lang=(.*)$/i;

/** The `lang=` value typed anywhere on a line, read before parsing so even a usage error speaks it. */
export function lineLocale(line: string): Locale | undefined {
  for (const w of words(line.slice(0, MAX_LINE_CHARS))) {
    const m = LANG.exec(w);
    if (m) return parseLocale(m[1]);
  }
  return undefined;
}

/** Split a line into words; `key="two words"` keeps its quoted value together. */
function words(line: string): string[] {
  return [...line.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)].map((m) => m[0].replace(/["']/g, ''));
}

/** The command's first example; for a mistake in `key`, its first example that sets `key`, so the correction
 *  shows that argument in use. */
export function exampleOf(command: Command, key?: string): string {
  const setsKey = key ? command.examples.find((e) => e.split(/\s+/).some((w) => w.toLowerCase().startsWith(`${key}=`))) : undefined;
  return setsKey ?? command.examples[0] ?? `/${command.name}`;
}

/** Parse and validate. Throws UsageError with one line that ends with a correct example. */
export function parseLine(
  line: string,
  list: readonly Command[],
  now: Date = new Date(),
  m: Messages = messages(lineLocale(line)),
): Parsed {
  const c = m.common;
  if (line.length > MAX_LINE_CHARS) {
    throw new UsageError(c.tooLong(line.length, MAX_LINE_CHARS), '/help');
  }
  const [head, ...typed] = commandWords(foldCharacters(line));
  if (!head) throw new UsageError(c.empty);
  const command = findCommand(head, list);
  if (!command) {
    const shown = head.length > 40 ? `${head.slice(0, 40)}…` : head;
    throw new UsageError(c.unknownCommand(shown));
  }
  const known = new Set(Object.keys(command.args.shape));
  // `기준일=2024-08-05` is `asof=2024-08-05`: the Korean option names Discord shows can be typed too.
  const koreanKeys = new Map(Object.entries(COMMAND_WORDS.ko[command.name]?.args ?? {}).map(([key, a]) => [a.name, key]));
  const keyed = typed.map((w) => {
    const eq = w.indexOf('=');
    const key = eq > 0 ? koreanKeys.get(w.slice(0, eq).toLowerCase()) : undefined;
    return key ? `${key}${w.slice(eq)}` : w;
  });
  const normalized = normalizeArgWords(keyed, { takesAsof: known.has('asof'), today: seoulDateOf(now), locale: m.locale });
  const rest = normalized.words;
  const raw: Record<string, string> = {};
  const positional = [...(command.positional ?? [])];
  // A command with free text (a condition such as `score>=80 and close<trendline`) takes every word
  // that is not one of its own key=value arguments into that text, after its first positional word.
  const free: string[] = [];
  let locale: Locale | undefined = isKoreanWord(head) ? 'ko' : undefined;
  for (const word of rest) {
    if (command.freeText) {
      const eq = word.indexOf('=');
      // lang= is every command's own key, so it never joins a condition.
      const wordKey = word.slice(0, eq).toLowerCase();
      const ownKey = eq > 0 && /^[a-z_]+$/i.test(wordKey) && (known.has(wordKey) || wordKey === 'lang');
      const first = free.length === 0 && eq < 0 && positional[0] !== undefined && positional[0] !== command.freeText && !(positional[0] in raw);
      if (!ownKey && !first) {
        free.push(word);
        continue;
      }
    }
    const eq = word.indexOf('=');
    let key: string;
    let value: string;
    if (eq > 0) {
      key = word.slice(0, eq).toLowerCase();
      value = word.slice(eq + 1);
    } else {
      const next = positional.shift();
      if (!next) throw usage(command, c.unexpectedWord(clip(word)), m);
      key = next;
      value = word;
    }
    if (key === 'lang' && !known.has(key)) {
      // Every command takes lang=; it picks the answer's language and never reaches the command.
      const l = parseLocale(value);
      if (!l) throw new UsageError(c.unsupportedLang(clip(value)), '/kospi-stress lang=ko');
      locale = l;
      continue;
    }
    if (!known.has(key)) {
      const keys = [...known].join(', ') || c.none;
      throw usage(command, c.unknownArg(clip(key), keys), m);
    }
    if (key in raw) throw usage(command, c.givenTwice(key), m, key);
    raw[key] = value;
  }
  if (free.length && command.freeText) raw[command.freeText] = free.join(' ');
  const parsed = command.args.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0] === undefined ? '' : String(issue.path[0]);
    const message = issue.code === 'invalid_type' && raw[key] === undefined ? c.required : translateIssue(m, issue.message);
    throw usage(command, key ? `${key}=${clip(raw[key] ?? '')} ${message}`.replace(/= /, ' ') : message, m, key);
  }
  return { command, args: parsed.data, notes: [...normalized.notes, ...unitHints(raw, m.locale)], raw, ...(locale ? { locale } : {}) };
}

/** The line's words, the command word first. */
const commandWords = (line: string): string[] => words(line.trim());

function clip(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

function usage(command: Command, what: string, m: Messages, key?: string): UsageError {
  const example = exampleOf(command, key);
  return new UsageError(m.common.usage(command.name, what, example), example);
}

export interface AnswerOptions {
  commands: readonly Command[];
  /** Checked after parsing, before any data work; throws RateLimitError. */
  rateLimit?: (ctx: Context, command: Command) => Promise<void> | void;
  /** Called once per answered command, whatever the outcome (metrics). */
  observe?: (command: string, outcome: Outcome['kind'], ms: number) => void;
  /** With a calendar, answers carry their follow-ups (src/core/actions.ts), session stepping included. */
  followUps?: { calendar?: SessionCalendar };
}

/**
 * A line parsed once. A usage error is known at once, before any data work, so an adapter can tell
 * the asker privately without a public "working…"; anything else runs (rate limit, then the command).
 */
export type Prepared =
  | { kind: 'usage'; outcome: Extract<Outcome, { kind: 'usage' }> }
  | { kind: 'ready'; command: string; run(): Promise<Outcome> };

/** Parse `line` and get it ready to run. Never throws: every failure becomes an Outcome. */
export function prepare(line: string, ctx: Context, options: AnswerOptions): Prepared {
  const started = performance.now();
  let name = 'unknown';
  const done = <O extends Outcome>(o: O): O => {
    options.observe?.(name, o.kind, performance.now() - started);
    // Whatever text an answer carries (an upstream reason, a title built from input), no secret leaves.
    return scrubDeep(o);
  };
  // The language is settled before parsing so that even a mistyped line is answered in it.
  let m = messages(lineLocale(line) ?? ctx.locale);
  let asked = ctx;
  const failed = (err: unknown): Outcome => {
    // A usage error in a known command's arguments counts under that command (metrics); any other
    // word stays 'unknown', so labels never carry what users type.
    if (name === 'unknown' && line.length <= MAX_LINE_CHARS) name = findCommand(commandWords(foldCharacters(line))[0] ?? '', options.commands)?.name ?? name;
    if (err instanceof UsageError) return done(usageOutcome(err));
    if (err instanceof RateLimitError) return done({ kind: 'rate', audience: 'asker', message: m.common.rate(err.retryAfterSec), retryAfterSec: err.retryAfterSec });
    if (err instanceof DataError) {
      ctx.log.warn({ command: name, symbol: err.symbol, source: err.source, reason: err.reason }, 'data unavailable');
      const missing = [{ symbol: err.symbol, source: err.source, reason: err.reason }];
      return done({ kind: 'data', audience: 'channel', message: m.common.dataMissing(m.common.dataFrom(err.symbol, err.source, err.reason)), missing });
    }
    if (err instanceof UnavailableError) {
      ctx.log.warn({ command: name, service: err.service, reason: err.reason }, 'service unavailable');
      return done({ kind: 'data', audience: 'channel', message: err.message, missing: [{ symbol: err.service, source: err.service, reason: err.reason }] });
    }
    const id = randomBytes(4).toString('hex');
    ctx.log.error({ err, id, command: name, line: line.slice(0, 200) }, 'command failed');
    return done({ kind: 'error', audience: 'channel', id, message: m.common.internal(id) });
  };
  let parsed: Parsed;
  try {
    parsed = parseLine(line, options.commands, ctx.now, m);
  } catch (err) {
    const o = failed(err);
    return o.kind === 'usage' ? { kind: 'usage', outcome: o } : { kind: 'ready', command: name, run: async () => o };
  }
  const { command, args, notes, locale } = parsed;
  name = command.name;
  if (locale) {
    asked = { ...ctx, locale };
    m = messages(locale);
  }
  return {
    kind: 'ready',
    command: name,
    async run() {
      try {
        await options.rateLimit?.(asked, command);
        const ran = await command.run(args, asked);
        const report = notes.length ? { ...ran, notes: [...notes, ...ran.notes] } : ran;
        const actions = options.followUps ? followUpsOf(parsed, report, options.followUps.calendar, ctx.now) : undefined;
        return done({ kind: 'answer', audience: 'channel', report, ...(actions ? { actions } : {}) });
      } catch (err) {
        return failed(err);
      }
    },
  };
}

/**
 * A shared answer's follow-ups, made once per report (~0.15 ms each, on every ask of a kept answer): they
 * depend only on the report, the line's command and arguments, and the latest session. Read-only, as the report is.
 */
const madeFollowUps = new WeakMap<Report, { key: string; actions: FollowUp[] }>();
function followUpsOf(parsed: Parsed, report: Report, calendar: SessionCalendar | undefined, now: Date): FollowUp[] {
  const key = `${parsed.command.name} ${calendar?.latest(now) ?? ''} ${JSON.stringify(parsed.raw)}`;
  const made = madeFollowUps.get(report);
  if (made?.key === key) return made.actions;
  const actions = followUps(parsed, report, { ...(calendar ? { calendar } : {}), now });
  madeFollowUps.set(report, { key, actions });
  return actions;
}

/** Answer one line. Never throws: every failure becomes an Outcome the adapter can show. */
export async function answer(line: string, ctx: Context, options: AnswerOptions): Promise<Outcome> {
  const p = prepare(line, ctx, options);
  return p.kind === 'usage' ? p.outcome : p.run();
}
