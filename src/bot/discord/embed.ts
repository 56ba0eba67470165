// Report → Discord message: one embed (tone colour, fields, sources and caveat in the footer) and
// the chart PNGs as attachments. Pure, so the web playground can show the exact payload.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Report, Tone } from '../../core/types.ts';
import type { RenderedChart } from '../../core/pipeline.ts';
import { sourcesLine } from '../../commands/report.ts';
import { TONE_COLORS, TONE_MARK, clip } from '../../core/presentation.ts';
import { messages } from '../../core/i18n/index.ts';

/** Discord's name for the one clipping rule. */
export const cut = clip;

/** The regime colours (src/core/presentation.ts) as Discord integers. */
export const TONE_COLOR = Object.fromEntries(Object.entries(TONE_COLORS).map(([tone, hex]) => [tone, parseInt(hex.slice(1), 16)])) as Record<Tone, number>;

/** Discord's embed limits (characters); the total counts title, description, fields and footer. */
export const EMBED_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 } as const;

/** Attachments per message, and the request size bots may upload (10 MiB) less room for the JSON. */
export const MAX_FILES = 10;
export const FILES_BUDGET_BYTES = 10 * 1024 * 1024 - 256 * 1024;

// Discord rejects empty field names and values.
const BLANK = '\u200b';
// Headline characters kept when many fields compete for the 6000 total.
const HEADLINE_RESERVE = 300;

export interface EmbedOptions {
  /** File name of an attachment to show as the embed's image (`attachment://name`). */
  image?: string;
  /** Extra lines for the description, e.g. charts left out. */
  notes?: string[];
}

/** The embed of a report, cut (never rejected) to Discord's limits; the caveat always survives. */
export function reportEmbed(report: Report, opts: EmbedOptions = {}): APIEmbed {
  const title = cut(report.title, EMBED_LIMITS.title) || BLANK;
  const footer = footerText(report);

  let fields: APIEmbedField[] = report.fields.map((f) => ({
    name: cut(`${f.tone ? `${TONE_MARK[f.tone]} ` : ''}${f.label}`, EMBED_LIMITS.fieldName) || BLANK,
    value: cut(f.value, EMBED_LIMITS.fieldValue) || BLANK,
    inline: f.value.length <= 40,
  }));
  if (fields.length > EMBED_LIMITS.fields) {
    const shown = EMBED_LIMITS.fields - 1;
    fields = [...fields.slice(0, shown), { name: '…', value: `${report.fields.length - shown} more not shown`, inline: false }];
  }

  const caveat = messages(report.locale).common.caveat;
  const notes = [...report.notes.filter((n) => n !== caveat), ...(opts.notes ?? [])];
  const descriptionFull = [report.headline, ...(notes.length ? ['', ...notes.map((n) => `• ${n}`)] : [])].join('\n');

  // Fit the 6000 total: fields first (they are the numbers), keeping room for the headline.
  const fixed = title.length + footer.length;
  const reserve = Math.min(descriptionFull.length, HEADLINE_RESERVE, EMBED_LIMITS.description);
  const kept: APIEmbedField[] = [];
  let used = fixed;
  for (const f of fields) {
    const size = f.name.length + f.value.length;
    if (used + size + reserve > EMBED_LIMITS.total) break;
    kept.push(f);
    used += size;
  }
  const description = cut(descriptionFull, Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - used));

  return {
    title,
    ...(description ? { description } : {}),
    color: TONE_COLOR[report.tone],
    ...(kept.length ? { fields: kept } : {}),
    ...(opts.image ? { image: { url: `attachment://${opts.image}` } } : {}),
    footer: { text: footer },
  };
}

/** "As of … · Sources: …" then the caveat on its own line; the sources give way, never the caveat. */
export function footerText(report: Report): string {
  const dates = report.sources.map((s) => s.asOf).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const m = messages(report.locale);
  const head = [
    ...(dates.length ? [m.platform.asOf(m.f.dateShort(dates.at(-1)!))] : []),
    ...(report.sources.length ? [`${m.common.sources}: ${sourcesLine(report.sources, report.locale)}`] : []),
  ].join(' · ');
  const tail = cut(m.common.caveat, EMBED_LIMITS.footer);
  if (!head) return tail;
  return `${cut(head, EMBED_LIMITS.footer - tail.length - 1)}\n${tail}`;
}

export interface ChartFile {
  name: string;
  data: Buffer;
  /** Alt text: the chart's title. */
  description: string;
}

/** Charts that fit one message: at most 10 files and under the upload budget; the rest are dropped. */
export function chartFiles(charts: readonly RenderedChart[], budget = FILES_BUDGET_BYTES): { files: ChartFile[]; dropped: number } {
  const files: ChartFile[] = [];
  let total = 0;
  for (const c of charts) {
    if (files.length >= MAX_FILES || total + c.png.length > budget) continue;
    total += c.png.length;
    files.push({ name: `chart-${files.length + 1}.png`, data: c.png, description: cut(c.title, 1024) });
  }
  return { files, dropped: charts.length - files.length };
}

export interface AnswerMessage {
  embeds: APIEmbed[];
  files: ChartFile[];
  /** Action rows of the follow-ups (src/bot/discord/components.ts). */
  components?: Record<string, unknown>[];
}

/** The whole answer: the embed shows the first chart; the others follow as attachments. */
export function answerMessage(report: Report, charts: readonly RenderedChart[], budget = FILES_BUDGET_BYTES): AnswerMessage {
  const { files, dropped } = chartFiles(charts, budget);
  const notes = dropped ? [`${dropped} chart${dropped > 1 ? 's' : ''} left out: over Discord's 10 MiB / 10 file limit.`] : [];
  return { embeds: [reportEmbed(report, { image: files[0]?.name, notes })], files };
}
