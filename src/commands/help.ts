import { z } from 'zod';
import type { Command } from '../types.ts';
import { UsageError } from '../errors.ts';
import { commands } from './registry.ts';
import { CAVEAT } from './report.ts';
import { FRESHNESS_LIMITS, FRESHNESS_RULE } from '../data/freshness.ts';

/** How every answer treats old inputs, missing values and what it changed of the input: the same for every command. */
export const TRUST_NOTES = [
  `Freshness: ${Object.values(FRESHNESS_LIMITS).map((l) => l.text).join('; ')}, counted back from the asked date. ${FRESHNESS_RULE}`,
  'No data is its own tone (grey ⚪ "no data"), never calm or green; an answer missing a part is never calm overall.',
  'Every change to what you typed is said: a date moved to a session ("2024-08-04 is a Sunday → 2024-08-02"), asof=today|yesterday resolved, a unit that looks like the other one ("iv=0.4 read as 0.4 %"). A bare date is asof=; full-width characters and − work.',
];

const args = z.object({ command: z.string().max(40).optional().describe('a command name, e.g. corr') });

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

interface Def {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
}

/** Name, default (as typed), optionality and description of every argument of a command's schema. */
export function argDocs(schema: z.ZodType): ArgDoc[] {
  const shape = (schema as unknown as z.ZodObject).shape as Record<string, z.ZodType> | undefined;
  return Object.entries(shape ?? {}).map(([name, s]) => {
    const doc: ArgDoc = { name, optional: false };
    let cur: z.ZodType | undefined = s;
    while (cur) {
      if (doc.description === undefined && cur.description !== undefined) doc.description = cur.description;
      const def = cur._zod.def as unknown as Def;
      if (['optional', 'default', 'prefault'].includes(def.type)) doc.optional = true;
      if (def.type === 'prefault') doc.default = String(def.defaultValue);
      if (def.type === 'default' && doc.default === undefined) {
        // `.default()` holds the parsed value (0.01 for move=1); show it only if typing it back gives it back.
        const typed = String(def.defaultValue);
        const back = def.innerType?.safeParse(typed);
        if (back?.success && back.data === def.defaultValue) doc.default = typed;
      }
      if (!['optional', 'default', 'prefault', 'nullable'].includes(def.type)) break;
      cur = def.innerType;
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

export const help: Command<typeof args> = {
  name: 'help',
  summary: 'Every command, its arguments and an example; /help <command> explains each number.',
  args,
  positional: ['command'],
  examples: ['/help', '/help corr'],
  explains: ['/help lists every command with its arguments (defaults in place) and an example; /help <command> adds what each number of its answer means.'],
  async run({ command }) {
    const list = commands;
    if (command) {
      const c = list.find((x) => x.name === command.replace(/^\//, '').toLowerCase());
      if (!c) throw new UsageError(`/help: no command "${command}" (try one of: ${list.map((x) => x.name).join(', ')}). Example: /help corr`);
      const docs = argDocs(c.args);
      return {
        command: 'help',
        title: `/${c.name}`,
        headline: c.summary,
        tone: 'calm',
        fields: [
          { label: 'Usage', value: usageLine(c) },
          ...docs.map((a) => ({
            label: `${a.name}=`,
            value: `${a.description ?? ''}${a.default !== undefined ? ` (default ${a.default})` : a.optional ? ' (optional)' : ' (required)'}`.trim(),
          })),
          { label: 'Examples', value: c.examples.join('  ') },
        ],
        notes: [...(c.explains ?? []), ...TRUST_NOTES, CAVEAT],
        charts: [],
        data: { command: c.name, usage: usageLine(c), args: docs.map((a) => a.name), arguments: docs, examples: c.examples, explains: c.explains ?? [] },
        sources: [],
      };
    }
    return {
      command: 'help',
      title: 'stressbot commands',
      headline: 'Market-stress answers for Korea. Arguments are key=value; percentages as you say them (move=-3 is −3 %); asof=YYYY-MM-DD replays a past day.',
      tone: 'calm',
      fields: list.map((c) => ({ label: usageLine(c), value: `${c.summary} e.g. ${c.examples[0] ?? `/${c.name}`}` })),
      notes: ['/help <command> explains each argument and each number of an answer.', ...TRUST_NOTES, CAVEAT],
      charts: [],
      data: {
        commands: list.map((c) => ({ name: c.name, summary: c.summary, usage: usageLine(c), arguments: argDocs(c.args), examples: c.examples })),
      },
      sources: [],
    };
  },
};
