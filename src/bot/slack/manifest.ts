// manifest.yml, generated from the command list: `npm run slack:manifest` writes it, and
// test/bot/slack/manifest.test.ts fails when the committed file differs from what this makes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Document } from 'yaml';
import type { Command } from '../../core/types.ts';
import { usageLine } from '../../core/schema.ts';
import { SLACK_EVENTS_PATH, UMBRELLA_SLASH, slashName } from './index.ts';

const HOST = 'https://stressbot.example.com';
/** Slack's limits on a slash command (api.slack.com/reference/manifests#slash_commands). */
const LIMITS = { description: 2000, usageHint: 1000 } as const;

const HEADER = [
  ' Slack app manifest for stressbot: api.slack.com/apps → Create New App → From an app manifest → paste.',
  ' HTTP mode (default here): replace stressbot.example.com with the bot\'s public host first; Slack checks the',
  ' events URL when you save, so the bot must be running there with SLACK_SIGNING_SECRET set.',
  ' Socket Mode (no public URL): set socket_mode_enabled: true; the request URLs below are then not used.',
  ' Generated from the command registry by `npm run slack:manifest` (src/bot/slack/manifest.ts); do not edit.',
].join('\n');

/** Bot scopes and why the adapter needs each. */
const SCOPES: [string, string][] = [
  ['commands', 'the slash commands above'],
  ['app_mentions:read', '@stressbot gamma move=2'],
  ['chat:write', 'anchors, threaded answers, ephemeral errors'],
  ['chat:write.public', 'anchor in public channels without inviting the bot first'],
  ['files:write', 'chart PNGs in the thread (files.uploadV2)'],
  ['users:read', "users.info include_locale: answer in the asker's Slack language"],
  ['channels:history', 'a digest retry reads back what already landed (message metadata)'],
  ['groups:history', 'the same in private channels'],
];

/** `/corr [window=60] [vs=NDX]` → `[window=60] [vs=NDX]`: what follows the slash command. */
const usageHint = (c: Command): string => usageLine(c).split(' ').slice(1).join(' ') || '(no arguments)';

export function slackManifest(commands: readonly Command[]): string {
  const url = `${HOST}${SLACK_EVENTS_PATH}`;
  const slash = (command: string, description: string, usage_hint: string) => ({
    command, url, description: description.slice(0, LIMITS.description), usage_hint: usage_hint.slice(0, LIMITS.usageHint), should_escape: false,
  });
  const doc = new Document({
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'stressbot',
      description: 'Market-stress answers for Korea (KOSPI as the leveraged AI trade), with charts.',
      background_color: '#1d2b3a',
    },
    features: {
      bot_user: { display_name: 'stressbot', always_online: true },
      slash_commands: [
        ...commands.map((c) => slash(slashName(c), c.summary, usageHint(c))),
        slash(UMBRELLA_SLASH, `Any stressbot command in one place, e.g. ${UMBRELLA_SLASH} gamma move=-3`, '<command> [key=value ...]'),
      ],
    },
    oauth_config: { scopes: { bot: SCOPES.map(([scope]) => scope) } },
    settings: {
      event_subscriptions: { request_url: url, bot_events: ['app_mention'] },
      interactivity: { is_enabled: false },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  });
  doc.commentBefore = HEADER;
  const bot = doc.getIn(['oauth_config', 'scopes', 'bot'], true);
  if (bot && typeof bot === 'object' && 'items' in bot && Array.isArray(bot.items)) {
    bot.items.forEach((item: { comment?: string }, i: number) => (item.comment = ` ${SCOPES[i]?.[1] ?? ''}`));
  }
  return doc.toString({ lineWidth: 0 });
}

// `npm run slack:manifest`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { commands } = await import('../../commands/registry.ts');
  const out = new URL('../../../manifest.yml', import.meta.url);
  writeFileSync(out, slackManifest(commands));
  process.stdout.write(`Wrote ${fileURLToPath(out)} (${commands.length + 1} slash commands).\n`);
}
