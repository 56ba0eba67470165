// Discord over the gateway (discord.js): slash commands answered in place (deferred, then edited),
// mentions (`@stressbot corr window=120`) answered in a thread started from the asker's message.
import {
  Client,
  GatewayIntentBits,
  MessageFlags,
  type AttachmentPayload,
  type ChatInputCommandInteraction,
  type ClientOptions,
  type Message,
  type MessageCreateOptions,
} from 'discord.js';
import { shardIds, type Config } from '../../config.ts';
import type { Core } from '../../core/pipeline.ts';
import { answerInteraction } from './answer.ts';
import { answerMessage, cut, type AnswerMessage } from './embed.ts';
import { lineFromOptions } from './options.ts';
import { addTransientSecret } from '../../core/secrets.ts';
import type { ChannelWorkspaces } from '../../digest/store.ts';

/** An interaction token works for 15 minutes; it stays out of logs and replies for that long. */
const TOKEN_LIFE_MS = 15 * 60_000;

const NO_PINGS = { parse: [] as never[] };

/**
 * discord.js' own sharding: SHARD_COUNT=auto lets the client ask GET /gateway/bot; a number with
 * SHARD_IDS runs this process's share, Discord routing each guild to shard (guild_id >> 22) % count.
 * Digest posts go out over REST under the scheduler's ledger claim, so no shard posts on its own.
 */
export function shardOptions(config: Partial<Pick<Config, 'SHARD_COUNT' | 'SHARD_IDS'>>): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (config.SHARD_COUNT === undefined) return {};
  if (config.SHARD_COUNT === 'auto') return { shards: 'auto' };
  const shardCount = Number(config.SHARD_COUNT);
  const shards = config.SHARD_IDS ? shardIds(config.SHARD_IDS) : [...Array(shardCount).keys()];
  return { shards, shardCount };
}

/** A client with the intents the adapter needs; Message Content is privileged (enable it in the portal). */
export function createGatewayClient(config: Pick<Config, 'DISCORD_API_URL'> & Partial<Pick<Config, 'SHARD_COUNT' | 'SHARD_IDS'>>): Client {
  return new Client({
    ...shardOptions(config),
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    allowedMentions: NO_PINGS,
    rest: {
      ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL.replace(/\/$/, '') } : {}),
      // Node 20's global fetch: the bundled undici's multipart path throws `action is not a function` there.
      makeRequest: (url, init) => fetch(url, init as RequestInit),
    },
  });
}

export interface GatewayOptions {
  core: Core;
  /** The store's channel → server rows: the bot removed from a server forgets that server's subscriptions. */
  workspaces?: ChannelWorkspaces;
  /** The bot's user id (= the application id) until the client has logged in and knows itself. */
  appId: string;
  track: (work: Promise<unknown>) => void;
}

/** discord.js's shape of an answer. */
export function clientMessage(message: AnswerMessage | { content: string }): Pick<MessageCreateOptions, 'content' | 'embeds' | 'allowedMentions'> & { files: AttachmentPayload[] } {
  if ('content' in message) return { content: message.content, embeds: [], files: [], allowedMentions: NO_PINGS };
  return {
    content: '',
    embeds: message.embeds,
    files: message.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
    allowedMentions: NO_PINGS,
  };
}

/** Wire the adapter's listeners onto a client (logged in or not: tests feed it raw payloads). */
export function attachGateway(client: Client, opts: GatewayOptions): void {
  const { core } = opts;
  const log = core.log;
  const fail = (what: string) => (err: unknown) => log.error({ err }, `discord: ${what} failed`);

  client.on('interactionCreate', (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    addTransientSecret(interaction.token, TOKEN_LIFE_MS);
    opts.track(onCommand(interaction).catch(fail('slash command')));
  });
  client.on('messageCreate', (message) => {
    opts.track(onMessage(message).catch(fail('mention')));
  });
  // discord.js emits guildDelete only when the bot was removed (kicked, or the server deleted); an
  // outage arrives as guildUnavailable. The server's channels cover rows made before servers were
  // recorded: read from the raw packet's moment, as discord.js empties that cache before guildDelete.
  const removedChannels = new Map<string, string[]>();
  client.on('raw', (packet: { t?: string; d?: { id?: string; unavailable?: boolean } }) => {
    if (packet.t !== 'GUILD_DELETE' || packet.d?.unavailable || !packet.d?.id) return;
    const guild = client.guilds.cache.get(packet.d.id);
    if (guild) removedChannels.set(guild.id, [...guild.channels.cache.keys()]);
  });
  client.on('guildDelete', (guild) => {
    const channels = (removedChannels.get(guild.id) ?? []).map((id) => `discord:${id}`);
    removedChannels.delete(guild.id);
    if (!opts.workspaces) return;
    opts.track(
      opts.workspaces
        .forgetWorkspace({ platform: 'discord', team: guild.id }, 'the bot was removed from the Discord server', channels)
        .then((gone) => log.info({ guild: guild.id, channels: gone.channels.length, subscriptions: gone.subscriptions, alerts: gone.alerts, settings: gone.settings, posts: gone.posts }, "discord: removed from a server; its subscriptions removed"))
        .catch(fail('forgetting a removed server')),
    );
  });

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const line = lineFromOptions(interaction.commandName, interaction.options.data, core.commands);
    await answerInteraction(
      core,
      line,
      {
        user: `discord:${interaction.user.id}`, channel: `discord:${interaction.channelId}`, locales: [interaction.locale, interaction.guildLocale],
        ...(interaction.guildId ? { workspace: { team: interaction.guildId } } : {}),
      },
      {
        ephemeral: async (content) => void (await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS })),
        defer: async () => void (await interaction.deferReply()),
        edit: async (message) => void (await interaction.editReply({ ...clientMessage(message), attachments: [] })),
        retract: async (content) => {
          await interaction.deleteReply().catch(() => undefined);
          await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
        },
      },
    );
  }

  async function onMessage(message: Message): Promise<void> {
    if (message.author.bot || !message.inGuild()) return;
    const botId = client.user?.id ?? opts.appId;
    if (!message.mentions.users.has(botId)) return;
    const line = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
    const who = { user: `discord:${message.author.id}`, channel: `discord:${message.channelId}`, locales: [message.guild.preferredLocale], workspace: { team: message.guildId } };

    // Mistakes and rate limits get a short reply where they were typed, not a thread of their own.
    const ask = core.prepare(line, who);
    if (ask.kind === 'usage') return void (await message.reply({ content: ask.outcome.message, allowedMentions: NO_PINGS }));
    void message.channel.sendTyping().catch(() => undefined);
    const outcome = await ask.run();
    if (outcome.audience === 'asker') {
      return void (await message.reply({ content: outcome.message, allowedMentions: NO_PINGS }));
    }
    const thread = message.channel.isThread()
      ? message.channel
      : await message.startThread({ name: cut(line.startsWith('/') ? line : `/${line}`, 100) });
    if (outcome.kind !== 'answer') return void (await thread.send(clientMessage({ content: outcome.message })));
    await thread.send(clientMessage(answerMessage(outcome.report, await core.charts(outcome.report))));
  }
}
