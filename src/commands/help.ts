import { z } from 'zod';
import type { Command } from '../types.ts';
import { UsageError } from '../errors.ts';
import { commands } from './registry.ts';
import { CAVEAT } from './report.ts';

const args = z.object({ command: z.string().max(40).optional() });

export const help: Command<typeof args> = {
  name: 'help',
  summary: 'Every command, its arguments and an example; /help <command> explains each number.',
  args,
  positional: ['command'],
  examples: ['/help', '/help gamma'],
  async run({ command }) {
    const list = commands;
    if (command) {
      const c = list.find((x) => x.name === command.replace(/^\//, '').toLowerCase());
      if (!c) throw new UsageError(`/help: no command "${command}". Example: /help kospi-stress`);
      const argNames = Object.keys((c.args as unknown as z.ZodObject).shape ?? {});
      return {
        command: 'help',
        title: `/${c.name}`,
        headline: c.summary,
        tone: 'calm',
        fields: [
          { label: 'Arguments', value: argNames.length ? argNames.map((a) => `${a}=`).join(' ') : 'none' },
          { label: 'Examples', value: c.examples.join('  ') },
        ],
        notes: [...(c.explains ?? []), CAVEAT],
        charts: [],
        data: { command: c.name, args: argNames, examples: c.examples, explains: c.explains ?? [] },
        sources: [],
      };
    }
    return {
      command: 'help',
      title: 'stressbot commands',
      headline: 'Market-stress answers for Korea. Arguments are key=value; percentages as you say them (move=-3 is −3 %).',
      tone: 'calm',
      fields: list.map((c) => ({ label: `/${c.name}`, value: `${c.summary} e.g. ${c.examples[0] ?? `/${c.name}`}` })),
      notes: ['/help <command> explains each number of an answer.', CAVEAT],
      charts: [],
      data: { commands: list.map((c) => ({ name: c.name, summary: c.summary, examples: c.examples })) },
      sources: [],
    };
  },
};
