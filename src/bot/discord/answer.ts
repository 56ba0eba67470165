// The one flow both modes share: parse → (ephemeral usage | defer) → ask → edit the original
// response with the answer. Only the transport differs (HTTP response + webhook REST, or discord.js).
import { createRequire } from 'node:module';
import type { REST, RawFile } from '@discordjs/rest';
import type { Config } from '../../config.ts';
import type { Asker, Core } from '../../core/pipeline.ts';
import { answerMessage, type AnswerMessage } from './embed.ts';

/** Message flag: only the asker sees it. */
export const EPHEMERAL = 64;

/** What the shared flow needs from a transport. */
export interface InteractionIO {
  /** Answer at once, visible to the asker only (nothing deferred yet). */
  ephemeral(content: string): Promise<void>;
  /** Acknowledge within Discord's 3 s: "stressbot is thinking…". */
  defer(): Promise<void>;
  /** Replace the deferred response. */
  edit(message: AnswerMessage | { content: string }): Promise<void>;
  /** Take the deferred (public) response back and tell the asker alone. */
  retract(content: string): Promise<void>;
}

export async function answerInteraction(
  core: Core,
  line: string,
  who: Asker,
  io: InteractionIO,
): Promise<void> {
  // Parsed once, synchronously: a usage error never shows a public "thinking…".
  const ask = core.prepare(line, who);
  if (ask.kind === 'usage') return io.ephemeral(ask.outcome.message);
  await io.defer();
  const outcome = await ask.run();
  if (outcome.audience === 'asker') return io.retract(outcome.message);
  if (outcome.kind !== 'answer') return io.edit({ content: outcome.message });
  const message = answerMessage(outcome.report, await core.charts(outcome.report));
  try {
    await io.edit(message);
  } catch (err) {
    // A refused upload should not lose the numbers: send the embed alone.
    if (!message.files.length) throw err;
    core.log.warn({ err }, 'discord: edit with charts failed; sending the embed alone');
    await io.edit({ embeds: message.embeds.map(({ image: _chart, ...embed }) => embed), files: [] });
  }
}

/** Discord's REST client; `DISCORD_API_URL` replaces the base for tests and proxies. */
export function createRest(config: Pick<Config, 'DISCORD_API_URL' | 'DISCORD_TOKEN'>): REST {
  // Loaded on first use (the CommonJS build discord.js shares): the playground's previews import this file
  // for restMessage alone, and @discordjs/rest costs a few hundred ms of start-up.
  const { REST } = createRequire(import.meta.url)('@discordjs/rest') as typeof import('@discordjs/rest');
  const rest = new REST({
    version: '10',
    ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL.replace(/\/$/, '') } : {}),
    // Node 20's global fetch: the bundled undici's multipart path throws `action is not a function` there.
    makeRequest: (url, init) => fetch(url, init as RequestInit),
  });
  if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  return rest;
}

/** REST body and files of a message (attachments are referenced by index in the JSON). */
export function restMessage(message: AnswerMessage | { content: string }): { body: Record<string, unknown>; files?: RawFile[] } {
  if ('content' in message) return { body: { content: message.content, embeds: [], attachments: [], allowed_mentions: { parse: [] } } };
  return {
    body: {
      content: '',
      embeds: message.embeds,
      attachments: message.files.map((f, id) => ({ id, filename: f.name, description: f.description })),
      allowed_mentions: { parse: [] },
    },
    files: message.files.map((f) => ({ name: f.name, data: f.data, contentType: 'image/png' })),
  };
}

/** Edit / retract through the interaction's webhook (no bot token needed: the interaction token is the key). */
export function webhookIO(rest: REST, appId: string, token: string): Pick<InteractionIO, 'edit' | 'retract'> {
  const original = `/webhooks/${appId}/${token}/messages/@original` as const;
  return {
    async edit(message) {
      const { body, files } = restMessage(message);
      await rest.patch(original, { body, ...(files?.length ? { files } : {}), auth: false });
    },
    async retract(content) {
      await rest.delete(original, { auth: false }).catch(() => undefined);
      await rest.post(`/webhooks/${appId}/${token}`, { body: { content, flags: EPHEMERAL, allowed_mentions: { parse: [] } }, auth: false });
    },
  };
}
