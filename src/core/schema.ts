// The one reader of zod's schema structure: /help, the Discord options, the Slack manifest and the
// playground all describe a command's arguments from here, so they cannot disagree.
import { z } from 'zod';
import type { Command } from './types.ts';

/** The schema inside optional(), default(), nullable()…, or undefined when `s` wraps nothing. */
function innerOf(s: z.ZodType): z.ZodType | undefined {
  if (
    s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodPrefault ||
    s instanceof z.ZodNullable || s instanceof z.ZodReadonly || s instanceof z.ZodCatch
  ) {
    return s.def.innerType as z.ZodType;
  }
  return undefined;
}

/** The stages a value passes through, in order, with wrappers (optional, default…) removed. */
export function stages(schema: z.ZodType): z.ZodType[] {
  const inner = innerOf(schema);
  if (inner) return stages(inner);
  if (schema instanceof z.ZodPipe) return [...stages(schema.in as z.ZodType), ...stages(schema.out as z.ZodType)];
  return [schema];
}

/** The first `.describe()` text met on the way in through the wrappers. */
export function describedAs(schema: z.ZodType): string | undefined {
  if (schema.description) return schema.description;
  const inner = innerOf(schema);
  return inner ? describedAs(inner) : undefined;
}

/** The values of an enum stage, or undefined when the argument takes free text. */
export function enumValues(schema: z.ZodType): string[] | undefined {
  const e = stages(schema).find((s) => s instanceof z.ZodEnum);
  return e instanceof z.ZodEnum ? e.options.map(String) : undefined;
}

/** True when the text is read with plain `Number` (a transform(Number) stage). */
export const isNumberTransform = (s: z.ZodType): boolean => s instanceof z.ZodTransform && (s.def.transform as unknown) === Number;

/** What an argument means when its command gave no `.describe()`. */
const COMMON: Record<string, string> = {
  window: 'window in trading sessions',
  lookback: 'history span: 90d, 6m, 1y (252 sessions a year)',
};

export interface ArgDoc {
  name: string;
  /** The default as a user would type it; absent when there is none or it cannot be spelled back. */
  default?: string;
  optional: boolean;
  description?: string;
}

/** Name, default (as typed), optionality and description of every argument of a command's schema. */
export function argDocs(schema: z.ZodObject): ArgDoc[] {
  return Object.entries(schema.shape).map(([name, s]) => {
    const doc: ArgDoc = { name, optional: false };
    let cur: z.ZodType | undefined = s as z.ZodType;
    while (cur) {
      if (doc.description === undefined && cur.description !== undefined) doc.description = cur.description;
      if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodPrefault) doc.optional = true;
      if (cur instanceof z.ZodPrefault) doc.default = String(cur.def.defaultValue);
      if (cur instanceof z.ZodDefault && doc.default === undefined) {
        // `.default()` holds the parsed value (0.01 for move=1); show it only if typing it back gives it back.
        const typed = String(cur.def.defaultValue);
        const back = (cur.def.innerType as z.ZodType).safeParse(typed);
        if (back.success && back.data === cur.def.defaultValue) doc.default = typed;
      }
      if (cur instanceof z.ZodReadonly || cur instanceof z.ZodCatch) break;
      cur = innerOf(cur);
    }
    if (doc.description === undefined && COMMON[name] !== undefined) doc.description = COMMON[name];
    return doc;
  });
}

const PLACEHOLDER: Record<string, string> = { asof: 'YYYY-MM-DD' };

/** `/corr [window=60] [vs=NDX] [lag=1] [asof=YYYY-MM-DD]`: the call with every default spelled out. */
export function usageLine(c: Command): string {
  const parts = argDocs(c.args).map((a) => {
    const word = c.positional?.includes(a.name) ? `<${a.name}>` : `${a.name}=${a.default ?? PLACEHOLDER[a.name] ?? '…'}`;
    return a.optional ? `[${word}]` : word;
  });
  return [`/${c.name}`, ...parts].join(' ');
}

/** One input of the "ask stressbot" form, as every form (Slack's modal, the playground's panel) draws it. */
export type FormField = ArgDoc &
  (
    | { kind: 'date' }
    | { kind: 'select'; options: string[] }
    | { kind: 'number'; min?: number; max?: number }
    | { kind: 'text' }
  );

/**
 * A command's arguments as form inputs: a date picker for asof, a select for a choice, a whole-number
 * input with the schema's bounds where the text is read as an integer, free text otherwise (the
 * router validates whatever is typed, as it does a typed line).
 */
export function formFields(command: Pick<Command, 'args'>): FormField[] {
  return argDocs(command.args).map((doc): FormField => {
    const schema = command.args.shape[doc.name] as z.ZodType;
    if (doc.name === 'asof') return { ...doc, kind: 'date' };
    const values = enumValues(schema);
    if (values) return { ...doc, kind: 'select', options: values };
    const chain = stages(schema);
    const numbers = chain.filter((s): s is z.ZodNumber => s instanceof z.ZodNumber);
    if (numbers.length && chain.at(-1) instanceof z.ZodNumber && chain[0] instanceof z.ZodString && numbers.every((n) => n.isInt)) {
      const min = numbers.map((n) => n.minValue).find((v) => v !== null && Number.isFinite(v));
      const max = numbers.map((n) => n.maxValue).find((v) => v !== null && Number.isFinite(v));
      return { ...doc, kind: 'number', ...(min != null ? { min } : {}), ...(max != null ? { max } : {}) };
    }
    return { ...doc, kind: 'text' };
  });
}

/** Commands a form or a home tab offers: not /help, not /digest (it changes state and has its own words). */
export const formCommands = <C extends Pick<Command, 'name'>>(list: readonly C[]): C[] => list.filter((c) => c.name !== 'help' && c.name !== 'digest');
