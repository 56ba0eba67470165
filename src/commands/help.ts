import { z } from 'zod';
import type { Command } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { argDocs, usageLine } from '../core/schema.ts';
import { commandTexts, messages, type Locale } from '../core/i18n/index.ts';
import { FRESHNESS_LIMITS, FRESHNESS_RULE } from '../data/freshness.ts';

/** How every answer treats old inputs, missing values and what it changed of the input: the same for every command. */
export const TRUST_NOTES = [
  `Freshness: ${Object.values(FRESHNESS_LIMITS).map((l) => l.text).join('; ')}, counted back from the asked date. ${FRESHNESS_RULE}`,
  'No data is its own tone (grey ⚪ "no data"), never calm or green; an answer missing a part is never calm overall.',
  'Every change to what you typed is said: a date moved to a session ("2024-08-04 is a Sunday → 2024-08-02"), asof=today|yesterday resolved, a unit that looks like the other one ("iv=0.4 read as 0.4 %"). A bare date is asof=; full-width characters and − work.',
];

const trustNotes = (locale: Locale | undefined): readonly string[] => (locale === 'ko' ? messages('ko').help.trust : TRUST_NOTES);

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
    const m = messages(ctx.locale);
    const h = m.help;
    const locale = ctx.locale ? { locale: ctx.locale } : {};
    if (command) {
      const c = list.find((x) => x.name === command.replace(/^\//, '').toLowerCase());
      if (!c) throw new UsageError(h.noCommand(command, list.map((x) => x.name).join(', ')));
      const docs = argDocs(c.args);
      const text = commandTexts(c, ctx.locale);
      return {
        command: 'help',
        title: `/${c.name}`,
        headline: text.summary,
        tone: 'calm',
        fields: [
          { label: h.usage, value: usageLine(c) },
          ...docs.map((a) => ({
            label: `${a.name}=`,
            value: `${text.arg(a.name, a.description) ?? ''}${a.default !== undefined ? h.default(a.default) : a.optional ? h.optional : h.required}`.trim(),
          })),
          { label: h.examples, value: c.examples.join('  ') },
        ],
        notes: [...text.explains, ...trustNotes(ctx.locale), m.common.caveat],
        charts: [],
        data: { command: c.name, usage: usageLine(c), args: docs.map((a) => a.name), arguments: docs, examples: c.examples, explains: c.explains ?? [] },
        sources: [],
        ...locale,
      };
    }
    return {
      command: 'help',
      title: h.title,
      headline: h.headline,
      tone: 'calm',
      fields: list.map((c) => ({ label: usageLine(c), value: h.eg(commandTexts(c, ctx.locale).summary, c.examples[0] ?? `/${c.name}`) })),
      notes: [h.more, ...trustNotes(ctx.locale), m.common.caveat],
      charts: [],
      data: {
        commands: list.map((c) => ({ name: c.name, summary: c.summary, usage: usageLine(c), arguments: argDocs(c.args), examples: c.examples })),
      },
      sources: [],
      ...locale,
    };
  },
};
