// Report → Slack Block Kit. Pure (no client, no clock) so the web playground can show the real payload.
import type { types } from '@slack/bolt';
import type { Report } from '../../core/types.ts';
import { reportText } from '../format.ts';
import { sourcesLine } from '../../commands/report.ts';
import { TONE_MARK, clip } from '../../core/presentation.ts';
import { messages, type Locale } from '../../core/i18n/index.ts';
import type { Outcome } from '../../core/router.ts';
import type { ActionRef, FollowUp } from '../../core/actions.ts';

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** Notification and accessibility fallback; Slack shows blocks where it can. */
  text: string;
  blocks: Block[];
}

/** Slack's documented caps; anything longer is cut here instead of being rejected by the API. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 2000,
  blocks: 50,
  /** Slack truncates message text past 40k; 4k keeps notifications readable. */
  fallbackText: 4000,
} as const;

export { clip } from '../../core/presentation.ts';

/** Slack reads &, < and > as control characters in mrkdwn and message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const nonEmpty = (s: string): string => (s.trim() === '' ? '—' : s);

const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(nonEmpty(text), SLACK_LIMITS.sectionText) },
});

/** Lines packed greedily into as few sections as the 3000-character cap allows. */
function packedSections(lines: string[]): Block[] {
  const out: Block[] = [];
  let current = '';
  for (const raw of lines) {
    const line = clip(raw, SLACK_LIMITS.sectionText);
    if (current && current.length + 1 + line.length > SLACK_LIMITS.sectionText) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}

export function reportBlocks(report: Report): SlackMessage {
  const mark = TONE_MARK[report.tone];
  const header: Block = {
    type: 'header',
    text: { type: 'plain_text', text: clip(`${mark} ${report.title || report.command || 'stressbot'}`, SLACK_LIMITS.headerText), emoji: true },
  };
  const body: Block[] = [];
  if (report.headline.trim()) body.push(section(`*${escapeMrkdwn(report.headline)}*`));

  const fields = report.fields.map((f) => ({
    type: 'mrkdwn' as const,
    text: clip(nonEmpty(`*${escapeMrkdwn(f.label)}*\n${f.tone ? `${TONE_MARK[f.tone]} ` : ''}${escapeMrkdwn(f.value)}`), SLACK_LIMITS.fieldText),
  }));
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
    body.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fieldsPerSection) });
  }

  // The caveat goes once, in the context line, not twice.
  const m = messages(report.locale);
  const notes = report.notes.filter((n) => n !== m.common.caveat);
  body.push(...packedSections(notes.map((n) => `• ${escapeMrkdwn(n)}`)));

  const context: Block = {
    type: 'context',
    elements: [
      ...(report.sources.length
        ? [{ type: 'mrkdwn' as const, text: clip(`${m.platform.sourcesAsOf}: ${escapeMrkdwn(sourcesLine(report.sources, report.locale))}`, SLACK_LIMITS.contextText) }]
        : []),
      { type: 'mrkdwn' as const, text: `_${m.common.caveat}_` },
    ],
  };

  const room = SLACK_LIMITS.blocks - 2; // header + context
  const kept = body.length <= room ? body : [...body.slice(0, room - 1), section(`_…${body.length - room + 1} more sections cut to fit one Slack message._`)];
  return {
    text: clip(escapeMrkdwn(reportText(report)), SLACK_LIMITS.fallbackText),
    blocks: [header, ...kept, context],
  };
}

/** The channel message a thread hangs from: who asked what, and the headline (or why there is none). */
export function anchorText(userId: string, line: string, outcome: Outcome | 'working', locale?: Locale): string {
  const p = messages(outcome !== 'working' && outcome.kind === 'answer' ? (outcome.report.locale ?? locale) : locale).platform;
  const asked = p.asked(`<@${userId}>`, `\`${escapeMrkdwn(line.replace(/[`\s]+/g, ' ').trim()).slice(0, 300)}\``);
  const status =
    outcome === 'working'
      ? p.working
      : outcome.kind === 'answer'
        ? `${TONE_MARK[outcome.report.tone]} *${escapeMrkdwn(outcome.report.headline)}*`
        : outcome.kind === 'data'
          ? p.anchorData
          : outcome.kind === 'error'
            ? p.anchorError
            : p.couldNot(escapeMrkdwn(outcome.message));
  return clip(`${asked}\n${status}`, SLACK_LIMITS.sectionText);
}

/** A plain message for outcomes that are not reports (usage, rate, data, error). */
export function outcomeMessage(outcome: Exclude<Outcome, { kind: 'answer' }>): SlackMessage {
  const icon = outcome.kind === 'data' ? '⚠️ ' : outcome.kind === 'error' ? '❌ ' : '';
  const text = clip(`${icon}${escapeMrkdwn(outcome.message)}`, SLACK_LIMITS.sectionText);
  return { text, blocks: [section(text)] };
}

/** Every follow-up's action_id starts so; the rest is the core's action id. */
export const ACTION_PREFIX = 'sb:';
/** Slack's caps on interactive elements. */
const ACTION_LIMITS = { buttonValue: 2000, optionValue: 150, elements: 25, selectOptions: 100, buttonText: 75, optionText: 75 } as const;

/** The line (and the as-of it was offered against) as the action's value: short keys, Slack caps values. */
export const actionValue = (ref: ActionRef): string => JSON.stringify(ref.basis ? { l: ref.line, b: ref.basis } : { l: ref.line });

/** A value back into a line; undefined for anything not of that form (a forged or foreign payload). */
export function actionRefOf(value: unknown): ActionRef | undefined {
  if (typeof value !== 'string' || value.length > ACTION_LIMITS.buttonValue) return undefined;
  try {
    const v = JSON.parse(value) as { l?: unknown; b?: unknown };
    if (typeof v.l !== 'string' || !v.l.startsWith('/')) return undefined;
    return typeof v.b === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.b) ? { line: v.l, basis: v.b } : { line: v.l };
  } catch {
    return undefined;
  }
}

/** The follow-ups as one actions block: buttons, then the select. Values too long for Slack are left out. */
export function actionsBlock(actions: readonly FollowUp[]): Block | undefined {
  const elements: types.ActionsBlockElement[] = [];
  for (const a of actions) {
    if (a.kind === 'button') {
      const value = actionValue(a);
      if (value.length > ACTION_LIMITS.buttonValue) continue;
      elements.push({ type: 'button', action_id: `${ACTION_PREFIX}${a.id}`, text: { type: 'plain_text', text: clip(a.label, ACTION_LIMITS.buttonText), emoji: true }, value });
    } else {
      const options = a.options
        .map((o) => ({ text: { type: 'plain_text' as const, text: clip(o.label, ACTION_LIMITS.optionText) }, value: actionValue(o), selected: o.selected }))
        .filter((o) => o.value.length <= ACTION_LIMITS.optionValue)
        .slice(0, ACTION_LIMITS.selectOptions);
      if (!options.length) continue;
      const initial = options.find((o) => o.selected);
      elements.push({
        type: 'static_select',
        action_id: `${ACTION_PREFIX}${a.id}`,
        placeholder: { type: 'plain_text', text: clip(a.placeholder, ACTION_LIMITS.optionText) },
        options: options.map(({ text, value }) => ({ text, value })),
        ...(initial ? { initial_option: { text: initial.text, value: initial.value } } : {}),
      });
    }
  }
  return elements.length ? { type: 'actions', block_id: 'stressbot-followups', elements: elements.slice(0, ACTION_LIMITS.elements) } : undefined;
}

/** An answer with its follow-ups under it (the block cap leaves room: reportBlocks keeps 50 at most, this replaces the last one if needed). */
export function answerBlocks(report: Report, actions: readonly FollowUp[] | undefined): SlackMessage {
  const msg = reportBlocks(report);
  const block = actions ? actionsBlock(actions) : undefined;
  if (!block) return msg;
  const blocks = msg.blocks.length < SLACK_LIMITS.blocks ? [...msg.blocks, block] : [...msg.blocks.slice(0, -1), block];
  return { ...msg, blocks };
}
