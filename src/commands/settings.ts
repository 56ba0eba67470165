// /stress-settings: what a channel (a Slack channel, a Discord channel) keeps about itself. Today one
// setting: the language its answers, its digest and its alerts speak.
import { z } from 'zod';
import type { Command } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { messages, parseLocale, type Locale } from '../core/i18n/index.ts';

const args = z.object({
  lang: z.enum(['ko', 'en', 'default'], { error: 'expected ko or en' }).optional().describe('ko (Korean), en (English) or default'),
});

export const settings: Command<typeof args> = {
  name: 'stress-settings',
  summary: "This channel's settings: the language of its answers, digest and alerts (lang=ko|en).",
  args,
  positional: ['lang'],
  personal: () => true,
  examples: ['/stress-settings lang=ko', '/stress-settings lang=en', '/stress-settings'],
  explains: [
    "lang=ko|en: the language of every answer in this channel, its morning digest and its alerts; lang=default clears it (each user's own language, else the bot's default).",
  ],
  async run({ lang }, ctx) {
    const channel = ctx.channel;
    // The reply speaks the language just chosen.
    const locale = lang === 'ko' || lang === 'en' ? lang : ctx.locale;
    const m = messages(locale).help.settings;
    const kept = channel !== undefined && /^(slack|discord):./.test(channel);
    let current: Locale | null;
    if (lang === undefined) {
      // Showing the settings is never a mistake: where none can be kept, none is set.
      current = kept && ctx.digest ? (parseLocale(await ctx.digest.store.setting(channel, 'lang')) ?? null) : null;
    } else {
      if (!kept) throw new UsageError(m.whereOnly);
      if (!ctx.digest) throw new UsageError(m.noStore);
      current = lang === 'default' ? null : lang;
      await ctx.digest.store.setSetting(channel, 'lang', current, ctx.workspace);
    }
    const name = current ? m.names[current]! : m.unset;
    const headline = lang === undefined ? m.shown(name) : current ? m.set(name) : m.cleared;
    return {
      command: 'stress-settings',
      title: m.title,
      headline,
      tone: 'calm',
      fields: [{ label: m.language, value: name }],
      notes: [],
      charts: [],
      data: { channel: channel ?? null, lang: current },
      sources: [],
      ...(locale ? { locale } : {}),
    };
  },
};
