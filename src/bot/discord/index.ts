// The Discord adapter: gateway mode when DISCORD_TOKEN + DISCORD_APP_ID are set, HTTP interactions
// when DISCORD_PUBLIC_KEY is set (both may run). It only translates between Discord and Report.
import { createHash } from 'node:crypto';
import type { PostJob } from '../../digest/scheduler.ts';
import type { ChannelWorkspaces } from '../../digest/store.ts';
import type { Client } from 'discord.js';
import type { REST } from '@discordjs/rest';
import type { Report } from '../../core/types.ts';
import type { Core } from '../../core/pipeline.ts';
import type { HttpServer } from '../../infra/http.ts';
import { sendJson } from '../../infra/http.ts';
import { createRest, restMessage } from './answer.ts';
import { answerMessage } from './embed.ts';
import { attachGateway, createGatewayClient } from './gateway.ts';
import { INTERACTIONS_PATH, interactionsHandler, publicKeyFromHex } from './interactions.ts';

export { reportEmbed, answerMessage, TONE_COLOR, EMBED_LIMITS } from './embed.ts';
export { registrationPayload, lineFromOptions } from './options.ts';

export interface DiscordPoster {
  platform: 'discord';
  /** Post a report with its charts into a channel (the digest), once per job. Needs DISCORD_TOKEN. */
  post(channelId: string, report: Report, job: PostJob): Promise<void>;
}

/**
 * The message nonce for a scheduled post (Discord allows 25 characters): with `enforce_nonce`,
 * Discord answers a repeat within its dedupe window with the message already created instead of a
 * second one, so a retry after a lost response or a crash posts once.
 */
export const postNonce = (postId: string): string => createHash('sha256').update(postId).digest('base64url').slice(0, 25);

export interface DiscordAdapter {
  stop(): Promise<void>;
  poster?: DiscordPoster;
  /** Which modes started. */
  modes: ('gateway' | 'interactions')[];
}

export interface DiscordOptions {
  /** Gateway client to use instead of a new one (tests inject raw payloads into it). */
  client?: Client;
  /** Log in to the gateway (default true when a token is set; tests pass false). */
  login?: boolean;
  /** Clock for the signature timestamp check. */
  now?: () => number;
  /** The bot's store: the bot removed from a server (GUILD_DELETE) forgets that server's subscriptions. */
  workspaces?: ChannelWorkspaces;
}

export async function startDiscord(core: Core, http: HttpServer, opts: DiscordOptions = {}): Promise<DiscordAdapter> {
  const { config, log } = core;
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    void core.track(work); // SIGTERM's drain waits for the reply's last REST call too
    pending.add(work);
    const done = () => void pending.delete(work);
    work.then(done, done);
  };
  const modes: DiscordAdapter['modes'] = [];
  let stopped = false;
  let client: Client | undefined;
  const rest: REST = createRest(config);

  if (config.DISCORD_PUBLIC_KEY) {
    const publicKey = publicKeyFromHex(config.DISCORD_PUBLIC_KEY);
    const handler = interactionsHandler({ core, publicKey, rest, track, now: opts.now });
    http.route('POST', INTERACTIONS_PATH, (req, res) => (stopped ? sendJson(res, 503, { error: 'shutting down' }) : handler(req, res)));
    modes.push('interactions');
  }

  if (config.DISCORD_TOKEN && config.DISCORD_APP_ID) {
    client = opts.client ?? createGatewayClient(config);
    attachGateway(client, { core, appId: config.DISCORD_APP_ID, track, ...(opts.workspaces ? { workspaces: opts.workspaces } : {}) });
    client.on('error', (err) => log.error({ err }, 'discord: gateway error'));
    if (opts.login ?? true) {
      try {
        await client.login(config.DISCORD_TOKEN);
      } catch (err) {
        await client.destroy();
        throw err;
      }
      log.info({ user: client.user?.tag }, 'discord: gateway connected');
    } else {
      client.rest.setToken(config.DISCORD_TOKEN);
    }
    modes.push('gateway');
  }

  // The bot token may post into channels whichever mode answers commands.
  const poster: DiscordPoster | undefined = config.DISCORD_TOKEN
    ? {
        platform: 'discord',
        async post(channelId, report, job) {
          if (job.delivered.message) return;
          const { body, files } = restMessage(answerMessage(report, await core.charts(report)));
          const sent = (await rest.post(`/channels/${channelId}/messages`, {
            body: { ...(body as Record<string, unknown>), nonce: postNonce(job.id), enforce_nonce: true },
            ...(files?.length ? { files } : {}),
          })) as { id?: string };
          await job.record('message', sent.id ?? 'sent');
        },
      }
    : undefined;

  if (modes.length) log.info({ modes }, 'discord adapter started');
  return {
    modes,
    ...(poster ? { poster } : {}),
    async stop() {
      // Take no new work, finish what was asked (it needs the client's token), then disconnect.
      stopped = true;
      client?.removeAllListeners('interactionCreate').removeAllListeners('messageCreate');
      await Promise.allSettled([...pending]);
      await client?.destroy();
    },
  };
}
