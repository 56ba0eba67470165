// Alert conditions: `score>=80`, `close<trendline and corr60<0.2`, `flowLatestUsd<=-1b or score>=82`.
// A hand-written recursive-descent parser: the grammar is three rules deep, and writing it by hand gives
// error messages that point at the exact word and list the valid names, which a combinator library would
// make us rebuild anyway (no dependency for ~100 lines).
//
//   expr    := andExpr ('or' andExpr)*
//   andExpr := atom ('and' atom)*
//   atom    := '(' expr ')' | operand op operand
//   op      := '>=' | '<=' | '>' | '<'
//   operand := name | number [k|m|b|t] [%]
//
// `and` binds tighter than `or` (as in SQL and every language traders script in).

import { messages, type ConditionProblem } from '../core/i18n/index.ts';

export type Op = '>=' | '<=' | '>' | '<';

export type Operand = { kind: 'name'; name: string } | { kind: 'number'; value: number; text: string };

export type Condition =
  | { kind: 'cmp'; left: Operand; op: Op; right: Operand }
  | { kind: 'and' | 'or'; parts: Condition[] };

/** A condition the user typed that does not parse: where and why (`problem`, worded by each language's catalog). */
export class ConditionError extends Error {
  override name = 'ConditionError';
  constructor(
    readonly problem: ConditionProblem,
    readonly at: number,
  ) {
    super(messages('en').alert.conditionProblem(problem));
  }
}

type Token = { t: 'op'; v: Op; at: number } | { t: 'word'; v: string; at: number } | { t: 'num'; v: number; text: string; at: number } | { t: '(' | ')'; at: number };

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, bn: 1e9, t: 1e12, tn: 1e12 };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(>=|<=|>|<)|([()])|([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:bn|tn|[kmbt])?%?)(?![A-Za-z0-9_])|([A-Za-z_][A-Za-z0-9_.]*)|(\S))/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    const at = m.index + (m[0].length - m[0].trimStart().length);
    if (m[1]) out.push({ t: 'op', v: m[1] as Op, at });
    else if (m[2]) out.push({ t: m[2] as '(' | ')', at });
    else if (m[3]) {
      const n = /^([+-]?[\d.]+)([a-z]*)(%?)$/i.exec(m[3])!;
      let v = Number(n[1]) * (n[2] ? SUFFIX[n[2].toLowerCase()]! : 1);
      if (n[3]) v /= 100;
      out.push({ t: 'num', v, text: m[3], at });
    } else if (m[4]) out.push({ t: 'word', v: m[4], at });
    else if (m[5]) {
      if (m[5] === '=' || m[5] === '!') throw new ConditionError({ kind: 'notAnOperator', word: m[5] }, at);
      throw new ConditionError({ kind: 'unexpected', word: m[5] }, at);
    } else break; // trailing blanks
  }
  return out;
}

/** Parses a condition; names are checked against `names` (case-insensitive, returned in their listed spelling). */
export function parseCondition(src: string, names: readonly string[]): Condition {
  const text = src.trim();
  if (!text) throw new ConditionError({ kind: 'empty' }, 0);
  const tokens = tokenize(text);
  const canonical = new Map(names.map((n) => [n.toLowerCase(), n]));
  let i = 0;
  const peek = () => tokens[i];
  const where = () => peek()?.at ?? text.length;

  const operand = (): Operand => {
    const tok = peek();
    if (!tok) throw new ConditionError({ kind: 'operandAtEnd' }, text.length);
    if (tok.t === 'num') {
      i++;
      return { kind: 'number', value: tok.v, text: tok.text };
    }
    if (tok.t === 'word') {
      const name = canonical.get(tok.v.toLowerCase());
      if (!name) throw new ConditionError({ kind: 'unknownName', word: tok.v }, tok.at);
      i++;
      return { kind: 'name', name };
    }
    throw new ConditionError({ kind: 'operandExpected' }, tok.at);
  };

  const atom = (): Condition => {
    const tok = peek();
    if (tok?.t === '(') {
      i++;
      const inner = expr();
      if (peek()?.t !== ')') throw new ConditionError({ kind: 'missingParen' }, where());
      i++;
      return inner;
    }
    const left = operand();
    const op = peek();
    if (op?.t !== 'op') throw new ConditionError({ kind: 'operatorExpected' }, where());
    i++;
    const right = operand();
    if (left.kind === 'number' && right.kind === 'number') throw new ConditionError({ kind: 'twoNumbers' }, left.kind === 'number' ? tok!.at : 0);
    return { kind: 'cmp', left, op: op.v, right };
  };

  const joined = (word: 'and' | 'or', next: () => Condition): Condition => {
    const parts = [next()];
    while (peek()?.t === 'word' && (peek() as { v: string }).v.toLowerCase() === word) {
      i++;
      parts.push(next());
    }
    return parts.length === 1 ? parts[0]! : { kind: word, parts };
  };
  const andExpr = () => joined('and', atom);
  const expr = (): Condition => joined('or', andExpr);

  const c = expr();
  if (i < tokens.length) throw new ConditionError({ kind: 'joinWith', word: text.slice(tokens[i]!.at).split(/\s/)[0] ?? '' }, tokens[i]!.at);
  return c;
}

/** The names a condition reads, each once. */
export function conditionNames(c: Condition): string[] {
  const out = new Set<string>();
  const walk = (x: Condition) => {
    if (x.kind === 'cmp') {
      for (const o of [x.left, x.right]) if (o.kind === 'name') out.add(o.name);
    } else x.parts.forEach(walk);
  };
  walk(c);
  return [...out];
}

const opText = (op: Op) => op;
const operandText = (o: Operand) => (o.kind === 'name' ? o.name : o.text);

/** The condition written back in its canonical spelling (`score>=80 and corr60<0.2`). */
export function formatCondition(c: Condition, top = true): string {
  if (c.kind === 'cmp') return `${operandText(c.left)}${opText(c.op)}${operandText(c.right)}`;
  const s = c.parts.map((p) => formatCondition(p, false)).join(` ${c.kind} `);
  return top || c.kind === 'and' ? s : `(${s})`;
}

/** Values by name; null/undefined = no data. */
export type Values = Readonly<Record<string, number | null | undefined>>;

/**
 * Three-valued truth: true, false, or null when a number it needs is missing (no data is never
 * "false", so it neither fires nor re-arms an alert). `slack` loosens every comparison by that much
 * in its own units (a per-name band), for the hysteresis test "false by more than the band".
 */
export function evaluateCondition(c: Condition, values: Values, band: (name: string, threshold: number) => number = () => 0, loosen = false): boolean | null {
  if (c.kind === 'cmp') {
    const v = (o: Operand) => (o.kind === 'number' ? o.value : values[o.name]);
    const a = v(c.left);
    const b = v(c.right);
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return null;
    let slack = 0;
    if (loosen) {
      const named = c.left.kind === 'name' ? c.left.name : c.right.kind === 'name' ? c.right.name : '';
      slack = band(named, c.right.kind === 'number' ? b : c.left.kind === 'number' ? a : b);
    }
    // loosened: a ≥ b − slack etc.
    switch (c.op) {
      case '>=': return a >= b - slack;
      case '>': return a > b - slack;
      case '<=': return a <= b + slack;
      case '<': return a < b + slack;
    }
  }
  const rs = c.parts.map((p) => evaluateCondition(p, values, band, loosen));
  if (c.kind === 'and') return rs.includes(false) ? false : rs.includes(null) ? null : true;
  return rs.includes(true) ? true : rs.includes(null) ? null : false;
}

// ---- edge trigger with hysteresis -------------------------------------------------------------

/** What an alert remembers between checks (stored with it, so a restart resumes the same state). */
export interface TriggerState {
  /** Ready to fire on the next true. */
  armed: boolean;
  /** When it last fired (ISO). */
  firedAt: string | null;
  /** Since when it has been false without interruption (ISO), while disarmed. */
  falseSince: string | null;
}

export const initialTrigger = (): TriggerState => ({ armed: true, firedAt: null, falseSince: null });

export interface TriggerRule {
  /** Re-arm after being false this long without interruption. */
  rearmAfterMs: number;
}

/**
 * One check of an edge-triggered alert. It fires when the condition is true while armed, then
 * disarms; it re-arms when the condition is false beyond its band (`clearlyFalse`), or has been
 * false for `rearmAfterMs`. Missing data (null) changes nothing.
 */
export function stepTrigger(state: TriggerState, truth: boolean | null, clearlyFalse: boolean | null, at: Date, rule: TriggerRule): { state: TriggerState; fire: boolean } {
  if (truth === null) return { state, fire: false };
  if (state.armed) {
    if (truth) return { state: { armed: false, firedAt: at.toISOString(), falseSince: null }, fire: true };
    return { state, fire: false };
  }
  if (truth) return { state: { ...state, falseSince: null }, fire: false };
  const since = state.falseSince ?? at.toISOString();
  const rearm = clearlyFalse === true || at.getTime() - Date.parse(since) >= rule.rearmAfterMs;
  return { state: rearm ? { armed: true, firedAt: state.firedAt, falseSince: null } : { ...state, falseSince: since }, fire: false };
}
