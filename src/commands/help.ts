import { z } from 'zod';
import type { Command } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { CAVEAT } from '../core/presentation.ts';
import { argDocs, usageLine } from '../core/schema.ts';
import { FRESHNESS_LIMITS, FRESHNESS_RULE } from '../data/freshness.ts';

/** How every answer treats old inputs, missing values and what it changed of the input: the same for every command. */
export const TRUST_NOTES = [
  `Freshness: ${Object.values(FRESHNESS_LIMITS).map((l) => l.text).join('; ')}, counted back from the asked date. ${FRESHNESS_RULE}`,
  'No data is its own tone (grey ⚪ "no data"), never calm or green; an answer missing a part is never calm overall.',
  'Every change to what you typed is said: a date moved to a session ("2024-08-04 is a Sunday → 2024-08-02"), asof=today|yesterday resolved, a unit that looks like the other one ("iv=0.4 read as 0.4 %"). A bare date is asof=; full-width characters and − work.',
];

const args = z.object({ command: z.string().max(40).optional().describe('a command name, e.g. corr') });

export const help: Command<typeof args> = {
  name: 'help',
  summary: 'Every command, its arguments and an example; /help <command> explains each number.',
  args,
  positional: ['command'],
  examples: ['/help', '/help corr'],
  explains: ['/help lists every command with its arguments (defaults in place) and an example; /help <command> adds what each number of its answer means.'],
  async run({ command }, ctx) {
    const list = ctx.commands;
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
