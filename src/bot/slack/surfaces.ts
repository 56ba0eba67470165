// App Home and the "Ask stressbot" modal, built from the command schemas. Pure, like blocks.ts.
import { z } from 'zod';
import type { types } from '@slack/bolt';
import type { Command, Report } from '../../core/types.ts';
import { argDocs, enumValues, stages } from '../../core/schema.ts';
import { TONE_MARK } from '../../core/presentation.ts';
import { clip, escapeMrkdwn } from './blocks.ts';

export const FORM_CALLBACK = 'sb-form';
export const OPEN_FORM_ACTION = 'sb-open-form';
export const FORM_COMMAND_ACTION = 'sb-form-command';
export const SHORTCUT_CALLBACK = 'ask_stressbot';
const CHANNEL_BLOCK = 'sb-channel';
const COMMAND_BLOCK = 'sb-command';
const ARG_PREFIX = 'arg:';

/** Commands a form or the home tab offers: not /help, not the ones that change state. */
export const formCommands = (list: readonly Command[]): Command[] => list.filter((c) => c.name !== 'help' && c.name !== 'digest');

const plain = (text: string) => ({ type: 'plain_text' as const, text: clip(text, 150) });

/** The home tab: today's headline of each command, and the button that opens the form. */
export function homeView(headlines: { command: string; report?: Report; failed?: string }[]): types.HomeView {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain('stressbot: today') },
    ...headlines.map((h): types.KnownBlock => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          h.report
            ? `${TONE_MARK[h.report.tone]} *${escapeMrkdwn(h.report.title)}*\n${escapeMrkdwn(h.report.headline)}\n_as of ${h.report.sources.map((s) => `${s.symbol} ${s.asOf}`).slice(0, 3).join(', ') || '—'}_`
            : `${TONE_MARK.missing} */${h.command}*: no data (${escapeMrkdwn(h.failed ?? 'unavailable')})`,
          3000,
        ),
      },
    })),
    { type: 'actions', elements: [{ type: 'button', action_id: OPEN_FORM_ACTION, style: 'primary', text: plain('Ask stressbot…'), value: 'open' }] },
  ];
  return { type: 'home', blocks };
}

function argInput(c: Command, name: string, schema: z.ZodType, optional: boolean, description?: string): types.KnownBlock {
  const base = { type: 'input' as const, block_id: `${ARG_PREFIX}${name}`, optional, label: plain(name), ...(description ? { hint: plain(description) } : {}) };
  const action_id = 'v';
  if (name === 'asof') return { ...base, element: { type: 'datepicker', action_id } };
  const values = enumValues(schema);
  if (values) return { ...base, element: { type: 'static_select', action_id, options: values.map((v) => ({ text: plain(v), value: v })) } };
  const numbers = stages(schema).filter((s): s is z.ZodNumber => s instanceof z.ZodNumber);
  const last = stages(schema).at(-1);
  if (numbers.length && last instanceof z.ZodNumber && stages(schema)[0] instanceof z.ZodString && numbers.every((n) => n.isInt)) {
    const min = numbers.map((n) => n.minValue).find((v) => v !== null && Number.isFinite(v));
    const max = numbers.map((n) => n.maxValue).find((v) => v !== null && Number.isFinite(v));
    return { ...base, element: { type: 'number_input', action_id, is_decimal_allowed: false, ...(min != null ? { min_value: String(min) } : {}), ...(max != null ? { max_value: String(max) } : {}) } };
  }
  return { ...base, element: { type: 'plain_text_input', action_id, max_length: 100 } };
}

/** The form for one command (the command select re-draws it), answered where the user chooses. */
export function formView(list: readonly Command[], chosen?: string): types.ModalView {
  const offered = formCommands(list);
  const command = offered.find((c) => c.name === chosen) ?? offered[0]!;
  const docs = argDocs(command.args);
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: command.name,
    title: plain('Ask stressbot'),
    submit: plain('Ask'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        block_id: COMMAND_BLOCK,
        text: { type: 'mrkdwn', text: clip(`*/${command.name}*: ${escapeMrkdwn(command.summary)}`, 3000) },
        accessory: {
          type: 'static_select',
          action_id: FORM_COMMAND_ACTION,
          initial_option: { text: plain(`/${command.name}`), value: command.name },
          options: offered.map((c) => ({ text: plain(`/${c.name}`), value: c.name })),
        },
      },
      ...docs.map((d) => argInput(command, d.name, command.args.shape[d.name] as z.ZodType, d.optional, d.description)),
      {
        type: 'input',
        block_id: CHANNEL_BLOCK,
        label: plain('Post the answer in'),
        element: { type: 'conversations_select', action_id: 'v', default_to_current_conversation: true, response_url_enabled: false, filter: { include: ['public', 'private', 'im'], exclude_bot_users: true } },
      },
    ],
  };
}

type StateValues = Record<string, Record<string, { type: string; value?: string | null; selected_date?: string | null; selected_option?: { value: string } | null; selected_conversation?: string | null }>>;

/** A submitted form as a command line and the channel to post in; the line is parsed like a typed one. */
export function formSubmission(list: readonly Command[], commandName: string, values: StateValues): { line: string; channel?: string } {
  const command = formCommands(list).find((c) => c.name === commandName);
  if (!command) return { line: `/${commandName.replace(/\s+/g, '')}` };
  const words = [`/${command.name}`];
  for (const [block, inputs] of Object.entries(values)) {
    if (!block.startsWith(ARG_PREFIX)) continue;
    const key = block.slice(ARG_PREFIX.length);
    if (!(key in command.args.shape)) continue;
    const v = inputs.v;
    const text = v?.selected_date ?? v?.selected_option?.value ?? v?.value ?? '';
    if (text.trim()) words.push(`${key}=${/\s/.test(text.trim()) ? `"${text.trim()}"` : text.trim()}`);
  }
  const channel = values[CHANNEL_BLOCK]?.v?.selected_conversation ?? undefined;
  return { line: words.join(' '), ...(channel ? { channel } : {}) };
}
