// Discord HTTP interactions: POST /discord/interactions on the shared server. No gateway connection,
// so any number of replicas can sit behind a load balancer.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { REST } from '@discordjs/rest';
import type { Core } from '../../core/pipeline.ts';
import { readBody, refuseUnread, sendJson, type Handler } from '../../infra/http.ts';
import { addTransientSecret } from '../../core/secrets.ts';
import { answerComponent, answerInteraction, EPHEMERAL, webhookIO } from './answer.ts';
import { autocompleteChoices } from './autocomplete.ts';
import { clickedAction, memoryActionIds, type ActionIds } from './components.ts';
import { lineFromOptions, optionNames } from './options.ts';

export const INTERACTIONS_PATH = '/discord/interactions';
/** Signed requests older (or further ahead) than this are refused: a captured request cannot be replayed later. */
export const MAX_SKEW_SEC = 5 * 60;
export const BODY_LIMIT_BYTES = 1_000_000;
/** An interaction token works for 15 minutes; it stays out of logs and replies for that long. */
export const TOKEN_LIFE_MS = 15 * 60_000;

// Discord's interaction and callback types.
const PING = 1;
const APPLICATION_COMMAND = 2;
const PONG = 1;
const CHANNEL_MESSAGE = 4;
const DEFERRED_CHANNEL_MESSAGE = 5;
const MESSAGE_COMPONENT = 3;
const DEFERRED_UPDATE_MESSAGE = 6;
const AUTOCOMPLETE = 4;
const AUTOCOMPLETE_RESULT = 8;

// An Ed25519 public key is 32 raw bytes; Node reads it as SPKI DER behind this fixed prefix (RFC 8410).
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The application's public key (hex, from the developer portal) as a Node key. Throws on a malformed key. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** Discord signs timestamp + raw body with Ed25519. */
export function signatureValid(key: KeyObject, signatureHex: string, timestamp: string, body: Buffer): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
}

const interactionSchema = z.object({
  id: z.string(),
  type: z.number(),
  application_id: z.string().optional(),
  token: z.string().optional(),
  channel_id: z.string().optional(),
  channel: z.object({ id: z.string() }).partial().optional(),
  /** Absent in DMs; the server a subscription made here belongs to. */
  guild_id: z.string().optional(),
  member: z.object({ user: z.object({ id: z.string() }) }).optional(),
  user: z.object({ id: z.string() }).optional(),
  /** The user's client language (`ko`, `en-US`) and the server's; the answer speaks the first we know. */
  locale: z.string().optional(),
  guild_locale: z.string().optional(),
  data: z
    .object({
      name: z.string().optional(),
      custom_id: z.string().max(100).optional(),
      values: z.array(z.string()).max(25).optional(),
      options: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]).optional(), focused: z.boolean().optional() })).optional(),
    })
    .optional(),
});

export interface InteractionsOptions {
  core: Core;
  publicKey: KeyObject;
  rest: REST;
  /** Work still running after the HTTP response (stop() waits for it). */
  track: (work: Promise<unknown>) => void;
  now?: () => number;
  /** Where follow-up lines too long for a custom_id wait (default: memory). */
  actionIds?: ActionIds;
}

export function interactionsHandler(opts: InteractionsOptions): Handler {
  const now = opts.now ?? Date.now;
  const log = opts.core.log;
  const ids = opts.actionIds ?? memoryActionIds();
  return async (req, res) => {
    // Judged from the headers before any of the body is read: unsigned, stale or oversized requests cost nothing.
    const signature = String(req.headers['x-signature-ed25519'] ?? '');
    const timestamp = String(req.headers['x-signature-timestamp'] ?? '');
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() / 1000 - Number(timestamp)) > MAX_SKEW_SEC) {
      return refuseUnread(req, res, 401, { error: 'stale or missing timestamp' });
    }
    if (!/^[0-9a-f]{128}$/i.test(signature)) return refuseUnread(req, res, 401, { error: 'invalid request signature' });
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT_BYTES) return refuseUnread(req, res, 413, { error: 'body too large' });
    const body = await readBody(req, BODY_LIMIT_BYTES);
    if (!signatureValid(opts.publicKey, signature, timestamp, body)) return sendJson(res, 401, { error: 'invalid request signature' });

    let parsed;
    try {
      parsed = interactionSchema.safeParse(JSON.parse(body.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) return sendJson(res, 400, { error: 'not an interaction' });
    const interaction = parsed.data;
    addTransientSecret(interaction.token, TOKEN_LIFE_MS);
    if (interaction.type === PING) return sendJson(res, 200, { type: PONG });
    if (interaction.type === AUTOCOMPLETE && interaction.data?.name) {
      const focused = interaction.data.options?.find((o) => o.focused);
      const key = focused ? optionKey(interaction.data.name, focused.name, opts.core.commands) : undefined;
      const choices = key ? await autocompleteChoices(opts.core, interaction.data.name, key, String(focused?.value ?? '')) : [];
      return sendJson(res, 200, { type: AUTOCOMPLETE_RESULT, data: { choices } });
    }
    if (interaction.type === MESSAGE_COMPONENT && interaction.data?.custom_id && interaction.token && interaction.application_id) {
      const clicked = await clickedAction(interaction.data.custom_id, interaction.data.values, ids);
      // Not a component stressbot made (or its long line was forgotten): refused like a bad command.
      if (!clicked) return sendJson(res, 200, { type: CHANNEL_MESSAGE, data: { content: 'That button is not one stressbot can answer (it may have expired). Ask again, e.g. /kospi-stress', flags: EPHEMERAL } });
      if (!(await opts.core.firstDelivery(`discord:interaction:${interaction.id}`))) return sendJson(res, 200, { type: DEFERRED_UPDATE_MESSAGE });
      sendJson(res, 200, { type: DEFERRED_UPDATE_MESSAGE }); // within 3 s; the edit follows
      const userId = interaction.member?.user.id ?? interaction.user?.id;
      const channelId = interaction.channel_id ?? interaction.channel?.id;
      const hook = webhookIO(opts.rest, interaction.application_id, interaction.token);
      const who = { user: userId ? `discord:${userId}` : undefined, channel: channelId ? `discord:${channelId}` : undefined };
      opts.track(
        opts.core.reply(() => answerComponent(opts.core, clicked.ref, clicked.asker, who, hook, ids)).catch((err: unknown) => log.error({ err, interaction: interaction.id }, 'discord: component answer failed')),
      );
      return;
    }
    if (interaction.type !== APPLICATION_COMMAND || !interaction.data?.name || !interaction.token || !interaction.application_id) {
      return sendJson(res, 400, { error: `unsupported interaction type ${interaction.type}` });
    }
    // A delivery seen before was acknowledged already: acknowledge again, answer nothing twice.
    if (!(await opts.core.firstDelivery(`discord:interaction:${interaction.id}`))) {
      return sendJson(res, 200, { type: DEFERRED_CHANNEL_MESSAGE });
    }

    const userId = interaction.member?.user.id ?? interaction.user?.id;
    const channelId = interaction.channel_id ?? interaction.channel?.id;
    const line = lineFromOptions(interaction.data.name, interaction.data.options ?? [], opts.core.commands);
    const hook = webhookIO(opts.rest, interaction.application_id, interaction.token);
    const responded = respondOnce(res);
    const work = answerInteraction(
      opts.core,
      line,
      {
        user: userId ? `discord:${userId}` : undefined,
        channel: channelId ? `discord:${channelId}` : undefined,
        ...(interaction.guild_id ? { workspace: { team: interaction.guild_id } } : {}),
        locales: [interaction.locale, interaction.guild_locale],
      },
      {
        ephemeral: async (content) => responded({ type: CHANNEL_MESSAGE, data: { content, flags: EPHEMERAL, allowed_mentions: { parse: [] } } }),
        defer: async () => responded({ type: DEFERRED_CHANNEL_MESSAGE }),
        ...hook,
      },
      ids,
    ).catch((err: unknown) => {
      log.error({ err, interaction: interaction.id }, 'discord: interaction answer failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
    opts.track(work);
  };
}

function respondOnce(res: ServerResponse): (body: unknown) => void {
  return (body) => {
    if (!res.headersSent) sendJson(res, 200, body);
  };
}

/** The command's argument key behind a Discord option name (`score` → `score>=`'s key). */
function optionKey(command: string, option: string, commands: Core['commands']): string | undefined {
  const c = commands.find((x) => x.name === command);
  if (!c) return undefined;
  for (const [key, name] of optionNames(c)) if (name === option) return key;
  return undefined;
}
