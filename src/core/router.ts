// Text line → command → Report. Every adapter goes through here, so validation, error wording
// and crash-safety are the same on every platform.
import { randomBytes } from 'node:crypto';
import type { Command, Context, Report } from './types.ts';
import { DataError, RateLimitError, UnavailableError, UsageError } from './errors.ts';
import { foldCharacters, normalizeArgWords, seoulDateOf, unitHints } from './normalize.ts';
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
}

export function findCommand(name: string, list: readonly Command[]): Command | undefined {
  const bare = name.replace(/^\//, '').toLowerCase();
  return list.find((c) => c.name === bare);
}

/** Split a line into words; `key="two words"` keeps its quoted value together. */
function words(line: string): string[] {
  return [...line.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)].map((m) => m[0].replace(/["']/g, ''));
}

export function exampleOf(command: Command): string {
  return command.examples[0] ?? `/${command.name}`;
}

/** Parse and validate. Throws UsageError with one line that ends with a correct example. */
export function parseLine(line: string, list: readonly Command[], now: Date = new Date()): Parsed {
  if (line.length > MAX_LINE_CHARS) {
    throw new UsageError(`That line is ${line.length} characters long; the limit is ${MAX_LINE_CHARS}. Try: /help`, '/help');
  }
  const [head, ...typed] = commandWords(foldCharacters(line));
  if (!head) throw new UsageError('Type a command, e.g. /kospi-stress — /help lists them all.');
  const command = findCommand(head, list);
  if (!command) {
    const shown = head.length > 40 ? `${head.slice(0, 40)}…` : head;
    throw new UsageError(`Unknown command "${shown}". Try /help, e.g. /kospi-stress`);
  }
  const known = new Set(Object.keys(command.args.shape));
  const normalized = normalizeArgWords(typed, { takesAsof: known.has('asof'), today: seoulDateOf(now) });
  const rest = normalized.words;
  const raw: Record<string, string> = {};
  const positional = [...(command.positional ?? [])];
  // A command with free text (a condition such as `score>=80 and close<trendline`) takes every word
  // that is not one of its own key=value arguments into that text, after its first positional word.
  const free: string[] = [];
  for (const word of rest) {
    if (command.freeText) {
      const eq = word.indexOf('=');
      const ownKey = eq > 0 && /^[a-z_]+$/i.test(word.slice(0, eq)) && known.has(word.slice(0, eq).toLowerCase());
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
      if (!next) throw usage(command, `unexpected word "${clip(word)}" (arguments are key=value)`);
      key = next;
      value = word;
    }
    if (!known.has(key)) {
      const keys = [...known].join(', ') || 'none';
      throw usage(command, `unknown argument "${clip(key)}" (takes: ${keys})`);
    }
    if (key in raw) throw usage(command, `${key} is given twice`);
    raw[key] = value;
  }
  if (free.length && command.freeText) raw[command.freeText] = free.join(' ');
  const parsed = command.args.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0] === undefined ? '' : String(issue.path[0]);
    const message = issue.code === 'invalid_type' && raw[key] === undefined ? 'is required' : issue.message;
    throw usage(command, key ? `${key}=${clip(raw[key] ?? '')} ${message}`.replace(/= /, ' ') : message);
  }
  return { command, args: parsed.data, notes: [...normalized.notes, ...unitHints(raw)], raw };
}

/** The line's words, the command word first. */
const commandWords = (line: string): string[] => words(line.trim());

function clip(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

function usage(command: Command, what: string): UsageError {
  return new UsageError(`/${command.name}: ${what}. Example: ${exampleOf(command)}`, exampleOf(command));
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
  const failed = (err: unknown): Outcome => {
    // A usage error in a known command's arguments counts under that command (metrics); any other
    // word stays 'unknown', so labels never carry what users type.
    if (name === 'unknown' && line.length <= MAX_LINE_CHARS) name = findCommand(commandWords(foldCharacters(line))[0] ?? '', options.commands)?.name ?? name;
    if (err instanceof UsageError) return done(usageOutcome(err));
    if (err instanceof RateLimitError) return done({ kind: 'rate', audience: 'asker', message: err.message, retryAfterSec: err.retryAfterSec });
    if (err instanceof DataError) {
      ctx.log.warn({ command: name, symbol: err.symbol, source: err.source, reason: err.reason }, 'data unavailable');
      const missing = [{ symbol: err.symbol, source: err.source, reason: err.reason }];
      return done({ kind: 'data', audience: 'channel', message: `Data missing: ${err.message}`, missing });
    }
    if (err instanceof UnavailableError) {
      ctx.log.warn({ command: name, service: err.service, reason: err.reason }, 'service unavailable');
      return done({ kind: 'data', audience: 'channel', message: err.message, missing: [{ symbol: err.service, source: err.service, reason: err.reason }] });
    }
    const id = randomBytes(4).toString('hex');
    ctx.log.error({ err, id, command: name, line: line.slice(0, 200) }, 'command failed');
    return done({ kind: 'error', audience: 'channel', id, message: `Something went wrong on our side (ref ${id}). Try again in a moment, or /help.` });
  };
  let parsed: Parsed;
  try {
    parsed = parseLine(line, options.commands, ctx.now);
  } catch (err) {
    const o = failed(err);
    return o.kind === 'usage' ? { kind: 'usage', outcome: o } : { kind: 'ready', command: name, run: async () => o };
  }
  const { command, args, notes } = parsed;
  name = command.name;
  return {
    kind: 'ready',
    command: name,
    async run() {
      try {
        await options.rateLimit?.(ctx, command);
        const ran = await command.run(args, ctx);
        const report = notes.length ? { ...ran, notes: [...notes, ...ran.notes] } : ran;
        const actions = options.followUps ? followUps(parsed, report, { ...options.followUps, now: ctx.now }) : undefined;
        return done({ kind: 'answer', audience: 'channel', report, ...(actions ? { actions } : {}) });
      } catch (err) {
        return failed(err);
      }
    },
  };
}

/** Answer one line. Never throws: every failure becomes an Outcome the adapter can show. */
export async function answer(line: string, ctx: Context, options: AnswerOptions): Promise<Outcome> {
  const p = prepare(line, ctx, options);
  return p.kind === 'usage' ? p.outcome : p.run();
}
