// Follow-ups under an answer, built here once so every platform offers the same ones. Each is only a
// command line: clicking it runs that line through the same parser, rate limit and dedupe as typing it,
// so an action can do nothing a typed line cannot.
import type { Command, Report } from './types.ts';

/** Who sees a result (the router's Audience; restated so this module and the router do not import each other). */
type Audience = 'asker' | 'channel';
/** What the follow-ups need of a parsed line. */
interface Parsed {
  command: Command;
  raw: Readonly<Record<string, string>>;
}
import { enumValues } from './schema.ts';
import { messages, type Locale } from './i18n/index.ts';

/** The KRX session calendar, handed in by the process (core does not import the data layer). */
export interface SessionCalendar {
  previous(date: string): string;
  next(date: string): string;
  /** The latest session whose data can exist at `now`: stepping forward never passes it. */
  latest(now: Date): string;
}

/** What a follow-up's line was offered against: clicking it later says so if the data has moved on. */
export interface ActionRef {
  line: string;
  /** The as-of date of the answer the action hangs under. */
  basis?: string;
}

export interface ActionButton extends ActionRef {
  kind: 'button';
  /** Stable per answer: 'refresh', 'prev', 'next', 'explain', 'move:-3'… */
  id: string;
  label: string;
  /** 'asker': the platform shows the result to the clicker only (explanations). */
  audience: Audience;
}

export interface ActionSelect {
  kind: 'select';
  id: string;
  /** The argument the select changes (window, lookback, vs, move). */
  key: string;
  placeholder: string;
  options: (ActionRef & { label: string; selected: boolean })[];
}

export type FollowUp = ActionButton | ActionSelect;

/** The argument a command's select steers, first of these it takes. */
const MAIN_KEYS = ['window', 'lookback', 'vs', 'move'] as const;
/** Candidate values per key; each is kept only where the command's own schema accepts it. */
const PRESETS: Record<string, string[]> = {
  window: ['10', '21', '60', '120', '250'],
  lookback: ['90d', '6m', '1y', '3y', '5y'],
  move: ['-5', '-3', '-1', '1', '3', '5'],
};
/** /gamma's scenarios as buttons: the moves a desk asks about first. */
const GAMMA_SCENARIOS = ['-3', '-1', '1', '3'];

/** `/name k=v …` from raw arguments, keys in schema order so equal asks spell the same line. */
export function spell(command: Command, raw: Readonly<Record<string, string>>): string {
  const keys = Object.keys(command.args.shape).filter((k) => raw[k] !== undefined && raw[k] !== '');
  return [`/${command.name}`, ...keys.map((k) => `${k}=${quote(raw[k]!)}`)].join(' ');
}

const quote = (v: string): string => (/\s/.test(v) ? `"${v}"` : v);

/** The date an answer is as of: the asked `asof`, else the first source's (the command's own series). */
export function answeredAsOf(parsed: Pick<Parsed, 'raw'>, report: Report): string | undefined {
  return parsed.raw.asof ?? report.sources[0]?.asOf;
}

function accepts(command: Command, key: string, value: string): boolean {
  const schema = command.args.shape[key];
  return schema !== undefined && (schema as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success;
}

/** The follow-ups of one answered line, in the order platforms lay them out. */
export function followUps(parsed: Parsed, report: Report, opts: { calendar?: SessionCalendar; now: Date }): FollowUp[] {
  const { command, raw } = parsed;
  const basis = answeredAsOf(parsed, report);
  const at = (over: Record<string, string | undefined>): string => {
    const next: Record<string, string> = { ...raw };
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    return spell(command, next);
  };
  const ref = (line: string): ActionRef => (basis ? { line, basis } : { line });
  const m = messages(report.locale).actions;
  const out: FollowUp[] = [{ kind: 'button', id: 'refresh', label: m.refresh, audience: 'channel', ...ref(spell(command, raw)) }];

  const takesAsof = 'asof' in command.args.shape;
  if (takesAsof && basis && opts.calendar && /^\d{4}-\d{2}-\d{2}$/.test(basis)) {
    const cal = opts.calendar;
    const latest = cal.latest(opts.now);
    out.push({ kind: 'button', id: 'prev', label: m.previous, audience: 'channel', ...ref(at({ asof: cal.previous(basis) })) });
    const next = cal.next(basis);
    // An answer without asof= is already on the latest data; the latest session is asked without
    // asof=, so its Refresh keeps following the data.
    if (raw.asof !== undefined && next <= latest) {
      out.push({ kind: 'button', id: 'next', label: m.next, audience: 'channel', ...ref(at({ asof: next === latest ? undefined : next })) });
    }
  }

  if (command.name === 'gamma') {
    for (const move of GAMMA_SCENARIOS.filter((m) => accepts(command, 'move', m))) {
      out.push({ kind: 'button', id: `move:${move}`, label: `${Number(move) > 0 ? '+' : ''}${move}%`, audience: 'channel', ...ref(at({ move })) });
    }
  }

  if (command.explains?.length) {
    out.push({ kind: 'button', id: 'explain', label: m.explain, audience: 'asker', line: `/help ${command.name}` });
  }

  const key = MAIN_KEYS.find((k) => k in command.args.shape);
  if (key) {
    const values = (enumValues(command.args.shape[key] as never) ?? PRESETS[key] ?? []).filter((v) => accepts(command, key, v));
    const current = raw[key];
    if (values.length > 1) {
      out.push({
        kind: 'select',
        id: `set:${key}`,
        key,
        placeholder: m.change(key),
        options: values.map((v) => ({ label: `${key}=${v}`, selected: current !== undefined && current.toUpperCase() === v.toUpperCase(), ...ref(at({ [key]: v })) })),
      });
    }
  }
  return out;
}

/** The line of every follow-up, flattened (tests, the playground). */
export const followUpLines = (list: readonly FollowUp[]): string[] =>
  list.flatMap((a) => (a.kind === 'button' ? [a.line] : a.options.map((o) => o.line)));

/**
 * A note when the answer to an action is on newer data than the answer it was clicked under
 * (a line without asof= follows the data); undefined when nothing moved.
 */
export function movedOnNote(ref: ActionRef, answeredNow: string | undefined, locale?: Locale): string | undefined {
  if (!ref.basis || !answeredNow || ref.basis === answeredNow) return undefined;
  return messages(locale).actions.movedOn(ref.basis, answeredNow);
}
