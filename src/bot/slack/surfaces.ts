// App Home and the "Ask stressbot" modal, built from the command schemas. Pure, like blocks.ts.
import type { types } from '@slack/bolt';
import type { Command, Report } from '../../core/types.ts';
import { formCommands, formFields, type FormField } from '../../core/schema.ts';
import { spell } from '../../core/actions.ts';
import { COMMAND_WORDS, messages, type Locale } from '../../core/i18n/index.ts';
import type { Mine } from '../../digest/mine.ts';
import { TONE_MARK } from '../../core/presentation.ts';
import { clip, escapeMrkdwn } from './blocks.ts';

export const FORM_CALLBACK = 'sb-form';
export const OPEN_FORM_ACTION = 'sb-open-form';
export const FORM_COMMAND_ACTION = 'sb-form-command';
export const SHORTCUT_CALLBACK = 'ask_stressbot';
const CHANNEL_BLOCK = 'sb-channel';
const COMMAND_BLOCK = 'sb-command';
const ARG_PREFIX = 'arg:';

export { formCommands } from '../../core/schema.ts';

const plain = (text: string) => ({ type: 'plain_text' as const, text: clip(text, 150) });

/** A store channel id (`slack:C123`) as Slack shows a channel; other platforms' channels are not Slack's to show. */
const slackChannel = (channel: string): string | undefined => (/^slack:[A-Z0-9]+$/.test(channel) ? `<#${channel.slice('slack:'.length)}>` : undefined);

/** What the home tab lists of the person opening it: undefined when the bot has no store, 'unavailable' when it could not be read. */
export type HomeMine = Mine | 'unavailable' | undefined;

/** The home tab: today's headline of each command, the opener's channels and alerts, and the button that opens the form. */
export function homeView(headlines: { command: string; report?: Report; failed?: string }[], mine?: HomeMine, locale?: Locale): types.HomeView {
  const m = messages(locale).actions.home;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(m.title) },
    ...headlines.map((h): types.KnownBlock => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          h.report
            ? `${TONE_MARK[h.report.tone]} *${escapeMrkdwn(h.report.title)}*\n${escapeMrkdwn(h.report.headline)}\n_${m.asOf(h.report.sources.map((s) => `${s.symbol} ${s.asOf}`).slice(0, 3).join(', ') || '—')}_`
            : `${TONE_MARK.missing} ${m.noData(h.command, escapeMrkdwn(h.failed ?? m.unavailable))}`,
          3000,
        ),
      },
    })),
    ...(mine === undefined ? [] : yourChannels(mine, m)),
    { type: 'actions', elements: [{ type: 'button', action_id: OPEN_FORM_ACTION, style: 'primary', text: plain(m.open), value: 'open' }] },
  ];
  return { type: 'home', blocks };
}

function yourChannels(mine: Mine | 'unavailable', m: ReturnType<typeof messages>['actions']['home']): types.KnownBlock[] {
  const head: types.KnownBlock = { type: 'header', text: plain(m.yours) };
  if (mine === 'unavailable') return [head, { type: 'context', elements: [{ type: 'mrkdwn', text: `${TONE_MARK.missing} ${m.listUnavailable}` }] }];
  const lines: string[] = [];
  for (const s of mine.subscriptions) {
    const where = slackChannel(s.channel);
    if (!where) continue;
    const what = [s.digest ? (s.time ? m.digestAt(s.time) : m.digestDefault) : undefined, s.alertScore !== null ? m.scoreAlert(s.alertScore) : undefined].filter(Boolean);
    lines.push(`• ${where}: ${what.join(' · ')}`);
  }
  for (const a of mine.alerts) {
    const where = slackChannel(a.channel);
    if (where) lines.push(`• ${where}: ${m.alert(a.id, `\`${escapeMrkdwn(a.condition)}\``)}`);
  }
  const text = lines.length ? lines.join('\n') : m.none;
  return [head, { type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } }];
}

function argInput(field: FormField): types.KnownBlock {
  const base = { type: 'input' as const, block_id: `${ARG_PREFIX}${field.name}`, optional: field.optional, label: plain(field.name), ...(field.description ? { hint: plain(field.description) } : {}) };
  const action_id = 'v';
  switch (field.kind) {
    case 'date':
      return { ...base, element: { type: 'datepicker', action_id } };
    case 'select':
      return { ...base, element: { type: 'static_select', action_id, options: field.options.map((v) => ({ text: plain(v), value: v })) } };
    case 'number':
      return { ...base, element: { type: 'number_input', action_id, is_decimal_allowed: false, ...(field.min !== undefined ? { min_value: String(field.min) } : {}), ...(field.max !== undefined ? { max_value: String(field.max) } : {}) } };
    default:
      return { ...base, element: { type: 'plain_text_input', action_id, max_length: 100 } };
  }
}

/** The form for one command (the command select re-draws it), answered where the user chooses. */
export function formView(list: readonly Command[], chosen?: string, locale?: Locale): types.ModalView {
  const offered = formCommands(list);
  const command = offered.find((c) => c.name === chosen) ?? offered[0]!;
  const m = messages(locale).actions.form;
  const words = locale === 'ko' ? COMMAND_WORDS.ko[command.name] : undefined;
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    // The command and the language the form speaks: a re-draw (another command chosen) keeps it.
    private_metadata: locale && locale !== 'en' ? `${command.name}|${locale}` : command.name,
    title: plain(clip(m.title, 24)),
    submit: plain(m.submit),
    close: plain(m.cancel),
    blocks: [
      {
        type: 'section',
        block_id: COMMAND_BLOCK,
        text: { type: 'mrkdwn', text: clip(`*/${command.name}*: ${escapeMrkdwn(words?.summary ?? command.summary)}`, 3000) },
        accessory: {
          type: 'static_select',
          action_id: FORM_COMMAND_ACTION,
          initial_option: { text: plain(`/${command.name}`), value: command.name },
          options: offered.map((c) => ({ text: plain(`/${c.name}`), value: c.name })),
        },
      },
      ...formFields(command).map((f) => argInput({ ...f, ...(words?.args[f.name] ? { description: words.args[f.name]!.description } : {}) })),
      {
        type: 'input',
        block_id: CHANNEL_BLOCK,
        label: plain(m.postIn),
        element: { type: 'conversations_select', action_id: 'v', default_to_current_conversation: true, response_url_enabled: false, filter: { include: ['public', 'private', 'im'], exclude_bot_users: true } },
      },
    ],
  };
}

type StateValues = Record<string, Record<string, { type: string; value?: string | null; selected_date?: string | null; selected_option?: { value: string } | null; selected_conversation?: string | null }>>;

/** The command and language a form was drawn for (its private_metadata). */
export function formMetadata(metadata: string): { command: string; locale?: Locale } {
  const [command = '', lang] = metadata.split('|');
  return lang === 'ko' ? { command, locale: 'ko' } : { command };
}

/** A submitted form as a command line and the channel to post in; the line is parsed like a typed one. */
export function formSubmission(list: readonly Command[], metadata: string, values: StateValues): { line: string; channel?: string } {
  const { command: commandName } = formMetadata(metadata);
  const command = formCommands(list).find((c) => c.name === commandName);
  if (!command) return { line: `/${commandName.replace(/\s+/g, '')}` };
  const raw: Record<string, string> = {};
  for (const [block, inputs] of Object.entries(values)) {
    if (!block.startsWith(ARG_PREFIX)) continue;
    const key = block.slice(ARG_PREFIX.length);
    if (!(key in command.args.shape)) continue;
    const v = inputs.v;
    const text = (v?.selected_date ?? v?.selected_option?.value ?? v?.value ?? '').trim();
    if (text) raw[key] = text;
  }
  const channel = values[CHANNEL_BLOCK]?.v?.selected_conversation ?? undefined;
  return { line: spell(command, raw), ...(channel ? { channel } : {}) };
}
