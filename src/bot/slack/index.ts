// Slack adapter: slash commands and @mentions in, Block Kit answers and chart PNGs out, always in a thread.
import { randomBytes } from 'node:crypto';
import { format } from 'node:util';
import {
  App, HTTPReceiver, SocketModeReceiver, LogLevel,
  type Logger as BoltLogger, type RespondFn, type SlashCommand, type types, type webApi,
} from '@slack/bolt';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../infra/redis.ts';
import type { Command, Report } from '../../core/types.ts';
import type { Asker, Core } from '../../core/pipeline.ts';
import { LRUCache } from 'lru-cache';
import { messages, parseLocale, type Locale } from '../../core/i18n/index.ts';
import { readBody, refuseUnread, sendJson, type HttpServer } from '../../infra/http.ts';
import { addTransientSecret } from '../../core/secrets.ts';
import { ServerResponse } from 'node:http';
import { acksAtOnce, BODY_LIMIT_BYTES, eventBody, refuseFromHeaders, signatureValid } from './frontDoor.ts';
import type { Logger } from '../../infra/log.ts';
import type { Outcome } from '../../core/router.ts';
import { anchorText, escapeMrkdwn, outcomeMessage, reportBlocks } from './blocks.ts';
import { TONE_MARK } from '../../core/presentation.ts';
import type { DigestPoster, PostJob } from '../../digest/scheduler.ts';
import { memoryDedupe, redisDedupe, type Dedupe } from './dedupe.ts';
import { blame } from '../startErrors.ts';

export { reportBlocks, anchorText, SLACK_LIMITS } from './blocks.ts';
export { memoryDedupe, redisDedupe, type Dedupe } from './dedupe.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
export const UMBRELLA_SLASH = '/stress';
/** Slack message metadata event type on scheduled posts: its payload names the post and the part. */
export const POST_EVENT = 'stressbot_post';

/** Slack reserves /help, so the help command is /stress-help there (slackLine maps it back). */
export function slashName(command: Pick<Command, 'name'>): string {
  return command.name === 'help' ? '/stress-help' : `/${command.name}`;
}

/** Every slash command the app answers: one per registry command, plus the umbrella `/stress <command> …`. */
export function slashCommands(list: readonly Pick<Command, 'name'>[]): string[] {
  return [...list.map(slashName), UMBRELLA_SLASH];
}

const UMBRELLA = /^\/?(?:stress|stressbot)(?=\s|$)\s*/i;
const HELP = /^\/?stress-help(?=\s|$)/i;

/**
 * Slack's own words, as the core's command line: the umbrella `/stress gamma move=2` is `/gamma
 * move=2`, and `/stress-help` (Slack reserves /help) is `/help`.
 */
export function slackLine(line: string): string {
  const rest = line.trim().replace(UMBRELLA, '');
  return rest.replace(HELP, '/help');
}

/** `<@UBOT> gamma move=2` → `/gamma move=2`: the text after the bot's mention, as a command line. */
export function mentionLine(text: string, botUserId?: string): string {
  const plain = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const bot = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/g;
  const first = bot.exec(plain);
  const after = first ? plain.slice(first.index + first[0].length) : plain;
  const rest = after.replace(bot, ' ').trim();
  if (!rest) return '/help';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

export interface SlackOptions {
  /** Defaults to the core's logger. */
  log?: Logger;
  /** Which deliveries were already answered; defaults to Redis with REDIS_URL (or `redis`), else memory. */
  dedupe?: Dedupe;
  /** A Redis client to share for the dedupe store (the adapter does not close it). */
  redis?: Redis;
  /** An answer slower than this gets a "working…" anchor at once, updated with the headline later. */
  workingAfterMs?: number;
  /** Clock for the request timestamp check. */
  now?: () => number;
}

export interface SlackAdapter {
  readonly mode: 'socket' | 'http';
  /** Posts scheduled answers (the digest): headline in the channel, the answer and charts in its thread. */
  readonly poster: DigestPoster;
  stop(): Promise<void>;
}

/** Start Slack: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on `POST /slack/events` of the shared server. */
export async function startSlack(core: Core, http: HttpServer, opts: SlackOptions = {}): Promise<SlackAdapter> {
  const config = core.config;
  const log = (opts.log ?? core.log).child({ adapter: 'slack' });
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is not set');
  const { SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: signingSecret } = config;
  const socket = Boolean(appToken);

  const boltLog = boltLogger(log);
  const apiUrl = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  const receiver = appToken
    ? // Its own client keeps the default retries: reconnecting (apps.connections.open) is safe to repeat.
      new SocketModeReceiver({ appToken, logger: boltLog, installerOptions: { clientOptions: { ...apiUrl } } })
    : signingSecret
      ? new HTTPReceiver({ signingSecret, endpoints: SLACK_EVENTS_PATH, logger: boltLog, bodyLimit: 1_000_000 })
      : undefined;
  if (!receiver) throw new Error('SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    receiver,
    logger: boltLog,
    deferInitialization: true,
    // No retries: a retried chat.postMessage whose first response was lost would post twice.
    clientOptions: { ...apiUrl, retryConfig: { retries: 0 }, timeout: 30_000 },
  });

  let ownedRedis: Redis | undefined;
  const dedupe =
    opts.dedupe ??
    (opts.redis
      ? redisDedupe(opts.redis, log)
      : config.REDIS_URL
        ? (() => {
            const client = connectRedis(config.REDIS_URL, log, 'slack dedupe');
            ownedRedis = client.redis;
            return redisDedupe(client.redis, log, undefined, (op) => client.guard(op));
          })()
        : memoryDedupe());
  const workingAfterMs = opts.workingAfterMs ?? 1500;
  const now = opts.now ?? Date.now;
  // Slack's response URLs work for 30 minutes: kept out of every log line and reply for that long.
  const RESPONSE_URL_MS = 30 * 60_000;

  // Bolt's work for acked requests, one per turn of the event loop: a burst of 500 commands then
  // never runs 500 Bolt dispatches back to back while later requests wait for their acks.
  const handoffs: (() => void)[] = [];
  const pump = () => {
    handoffs.shift()?.();
    if (handoffs.length) setImmediate(pump);
  };
  const afterPendingIo = (work: () => void) => {
    if (handoffs.push(work) === 1) setImmediate(pump);
  };

  // The route exists from the start: until auth.test has passed, Slack hears 503 (it retries), never 404.
  let started = false;
  let stopped = false;
  if (!socket) {
    const signingSecret = config.SLACK_SIGNING_SECRET!;
    http.route('POST', SLACK_EVENTS_PATH, async (req, res) => {
      if (stopped || !started) {
        res.setHeader('retry-after', '1');
        return refuseUnread(req, res, 503, { error: stopped ? 'slack adapter stopped' : 'slack adapter starting' });
      }
      const refusal = refuseFromHeaders(req.headers, now());
      if (refusal) return refuseUnread(req, res, refusal.status, { error: refusal.error });
      const raw = await readBody(req, BODY_LIMIT_BYTES);
      if (!signatureValid(signingSecret, req.headers, raw)) return sendJson(res, 401, { error: 'invalid request signature' });
      const body = eventBody(raw, req.headers['content-type']);
      if (!body) return sendJson(res, 400, { error: 'not a Slack event, command or action' });
      // Bolt reads the bytes already read (and verifies them again) instead of the spent stream.
      Object.assign(req, { rawBody: raw });
      if (!acksAtOnce(body)) return (receiver as HTTPReceiver).requestListener(req, res);
      res.writeHead(200).end();
      // Bolt's own ack then writes into a response that goes nowhere.
      afterPendingIo(() => (receiver as HTTPReceiver).requestListener(req, new ServerResponse(req)));
    });
  }

  // The asker's Slack language (users.info include_locale), cached: it changes rarely, asks come often.
  // A lookup that fails or is slow answers in the channel's or the bot's language instead.
  const userLocales = new LRUCache<string, { locale?: string }>({ max: 10_000, ttl: 6 * 3_600_000 });
  async function userLocale(client: webApi.WebClient, user: string): Promise<string | undefined> {
    const hit = userLocales.get(user);
    if (hit) return hit.locale;
    const lookup = client.users.info({ user, include_locale: true }).then(
      (r) => {
        const locale = r.user?.locale;
        userLocales.set(user, locale ? { locale } : {});
        return locale;
      },
      (err: unknown) => {
        log.debug({ err, user }, 'slack users.info failed: answering without the user locale');
        userLocales.set(user, {}, { ttl: 10 * 60_000 });
        return undefined;
      },
    );
    return within(lookup, 1000);
  }
  const askerWith = async (client: webApi.WebClient, team: string, user: string, channel: string): Promise<Asker> => {
    const locale = user ? await userLocale(client, user) : undefined;
    return { ...asker(team, user, channel), ...(locale ? { locales: [locale] } : {}) };
  };

  /** The full answer and its charts under `thread_ts`; data and internal failures are said there too. */
  async function answerInThread(client: webApi.WebClient, channel: string, thread_ts: string, outcome: Outcome): Promise<void> {
    if (outcome.kind !== 'answer') {
      await client.chat.postMessage({ channel, thread_ts, ...outcomeMessage(outcome) });
      return;
    }
    const charts = core.charts(outcome.report); // render while the text posts; never rejects
    await client.chat.postMessage({ channel, thread_ts, ...reportBlocks(outcome.report), unfurl_links: false, unfurl_media: false });
    const pngs = await charts;
    if (!pngs.length) return;
    try {
      await client.files.uploadV2({
        channel_id: channel,
        thread_ts,
        file_uploads: pngs.map((c, i) => ({ file: c.png, filename: `${slug(c.title) || `chart-${i + 1}`}.png`, title: c.title, alt_text: c.title })),
      });
    } catch (err) {
      const ref = randomBytes(4).toString('hex');
      log.error({ err, ref }, 'chart upload failed');
      await client.chat.postMessage({ channel, thread_ts, text: messages(outcome.report.locale).platform.chartsFailed(ref) });
    }
  }

  /**
   * A scheduled post as parts, each recorded once it lands: the headline in the channel, the answer
   * and the charts in its thread. The messages carry the post id in their metadata, so an attempt
   * after a lost response or a crash finds what reached Slack (conversations.history / replies)
   * instead of posting it again.
   */
  async function postDigest(client: webApi.WebClient, channel: string, report: Report, job: PostJob): Promise<void> {
    const metadata = (part: string) => ({ event_type: POST_EVENT, event_payload: { post_id: job.id, part } });
    let anchor = job.delivered.headline ?? (job.uncertain ? await findPart(client, channel, job.id, 'headline') : undefined);
    if (!anchor) {
      const text = `${TONE_MARK[report.tone]} *${escapeMrkdwn(report.title)}*: ${escapeMrkdwn(report.headline)}`;
      anchor = (await client.chat.postMessage({ channel, text, unfurl_links: false, metadata: metadata('headline') })).ts!;
    }
    if (!job.delivered.headline) await job.record('headline', anchor);
    if (!job.delivered.answer) {
      let ts = job.uncertain ? await findPart(client, channel, job.id, 'answer', anchor) : undefined;
      ts ??= (await client.chat.postMessage({ channel, thread_ts: anchor, ...reportBlocks(report), unfurl_links: false, unfurl_media: false, metadata: metadata('answer') })).ts!;
      await job.record('answer', ts);
    }
    if (!job.delivered.charts) {
      // A file share carries no metadata: the bot's own message with files in this thread is the charts part.
      let ref = job.uncertain ? await findCharts(client, channel, anchor) : undefined;
      if (!ref) {
        const pngs = await core.charts(report);
        if (pngs.length) {
          const done = await client.files.uploadV2({
            channel_id: channel,
            thread_ts: anchor,
            file_uploads: pngs.map((c, i) => ({ file: c.png, filename: `${slug(c.title) || `chart-${i + 1}`}.png`, title: c.title, alt_text: c.title })),
          });
          const ids = ((done as { files?: { files?: { id?: string }[] }[] }).files ?? []).flatMap((f) => f.files ?? []).map((f) => f.id).filter(Boolean);
          ref = ids.length ? ids.join(',') : `${pngs.length} files`;
        } else ref = 'none';
      }
      await job.record('charts', ref);
    }
  }

  let botUserId: string | undefined;
  async function findPart(client: webApi.WebClient, channel: string, postId: string, part: string, thread?: string): Promise<string | undefined> {
    const res = thread
      ? await client.conversations.replies({ channel, ts: thread, include_all_metadata: true, limit: 200 })
      : await client.conversations.history({ channel, include_all_metadata: true, limit: 100 });
    const hit = (res.messages ?? []).find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
      return meta?.event_type === POST_EVENT && meta.event_payload?.post_id === postId && meta.event_payload?.part === part;
    });
    if (hit?.ts) log.info({ channel, postId, part, ts: hit.ts }, 'digest part already in Slack: not posting it again');
    return hit?.ts;
  }

  async function findCharts(client: webApi.WebClient, channel: string, thread: string): Promise<string | undefined> {
    botUserId ??= (await client.auth.test()).user_id;
    const res = await client.conversations.replies({ channel, ts: thread, limit: 200 });
    const own = (m: { user?: string }) => botUserId !== undefined && m.user === botUserId;
    const hit = (res.messages ?? []).find((m) => m.ts !== thread && own(m) && (m.files?.length ?? 0) > 0);
    if (!hit) return undefined;
    log.info({ channel, thread }, 'digest charts already in Slack: not uploading them again');
    return (hit.files ?? []).map((f) => f.id).filter(Boolean).join(',') || 'found';
  }

  const slashes = slashCommands(core.commands);
  for (const slash of slashes) {
    app.command(slash, async ({ command, ack, respond, client }) => {
      await ack(); // within Slack's 3 s, before any data work
      addTransientSecret(command.response_url, RESPONSE_URL_MS);
      await core.reply(() => replySlash(command, respond, client));
    });
  }

  async function replySlash(command: SlashCommand, respond: RespondFn, client: webApi.WebClient): Promise<void> {
    const line = `${command.command} ${command.text ?? ''}`.trim();
    const channel = command.channel_id;
    try {
      if (command.trigger_id && !(await dedupe.first(`trigger:${command.trigger_id}`))) return;
      const who = await askerWith(client, command.team_id, command.user_id, channel);
      const ask = core.prepare(slackLine(line), who);
      if (ask.kind === 'usage') {
        await respond({ response_type: 'ephemeral', text: outcomeMessage(ask.outcome).text });
        return;
      }
      const pending = ask.run();
      // Rate-limit answers come back before any data work, so they rarely reach the anchor.
      const early = await within(pending, workingAfterMs);
      if (early?.audience === 'asker') {
        await respond({ response_type: 'ephemeral', text: outcomeMessage(early).text });
        return;
      }
      let anchor: string;
      try {
        const posted = await client.chat.postMessage({ channel, text: anchorText(command.user_id, line, early ?? 'working', localeOf(who)), unfurl_links: false });
        anchor = posted.ts!;
      } catch (err) {
        // A private channel or DM the bot is not in: the response URL still reaches the asker, without a thread.
        log.warn({ err, channel }, 'cannot post in channel; answering through the response URL');
        const outcome = early ?? (await pending);
        if (outcome.kind === 'answer') {
          await respond({ response_type: 'in_channel', ...reportBlocks(outcome.report) });
          await respond({ response_type: 'ephemeral', text: messages(outcome.report.locale).platform.invite });
        } else {
          await respond({ response_type: 'ephemeral', text: outcomeMessage(outcome).text });
        }
        return;
      }
      const outcome = early ?? (await pending);
      if (!early) await client.chat.update({ channel, ts: anchor, text: anchorText(command.user_id, line, outcome, localeOf(who)) });
      if (outcome.audience === 'asker') {
        await respond({ response_type: 'ephemeral', text: outcomeMessage(outcome).text });
        return;
      }
      await answerInThread(client, channel, anchor, outcome);
    } catch (err) {
      const ref = randomBytes(4).toString('hex');
      log.error({ err, ref, line }, 'slash command failed after ack');
      await respond({ response_type: 'ephemeral', text: `Something went wrong answering \`${line}\` (ref ${ref}). Try again in a moment.` }).catch(
        (e: unknown) => log.error({ err: e, ref }, 'could not tell the user either'),
      );
    }
  }

  // A command the app's manifest has but this build does not (an older deploy): say so instead of timing out.
  const known = new Set(slashes);
  app.command(/^\//, async ({ command, ack, respond }) => {
    if (known.has(command.command)) return;
    await ack();
    // Through the response URL: over HTTP the ack went out before Bolt ran.
    await respond({ response_type: 'ephemeral', text: `${command.command} is not available on this stressbot. ${slashName({ name: 'help' })} lists what is.` }).catch(
      (err: unknown) => log.warn({ err }, 'could not answer an unknown slash command'),
    );
  });

  app.event('app_mention', ({ event, body, client, context }) => core.reply(() => replyMention(event, body, client, context)));

  async function replyMention(event: types.AppMentionEvent, body: { event_id?: string; team_id?: string }, client: webApi.WebClient, context: { botUserId?: string }): Promise<void> {
    const channel = event.channel;
    const thread_ts = event.thread_ts ?? event.ts;
    const user = event.user ?? '';
    try {
      if (body.event_id && !(await dedupe.first(`event:${body.event_id}`))) return;
      const line = mentionLine(event.text, context.botUserId);
      const outcome = await core.ask(slackLine(line), await askerWith(client, body.team_id ?? event.team ?? '', user, channel));
      if (outcome.audience === 'asker') {
        await client.chat.postEphemeral({ channel, user, thread_ts, text: outcomeMessage(outcome).text });
        return;
      }
      await answerInThread(client, channel, thread_ts, outcome);
    } catch (err) {
      const ref = randomBytes(4).toString('hex');
      log.error({ err, ref }, 'mention failed');
      await client.chat
        .postEphemeral({ channel, user, thread_ts, text: `Something went wrong answering that (ref ${ref}). Try again in a moment.` })
        .catch((e: unknown) => log.error({ err: e, ref }, 'could not tell the user either'));
    }
  }

  app.error(async (err) => {
    log.error({ err }, 'slack listener error');
  });

  try {
    await app.init(); // auth.test: a bad token fails here, at start, not on the first command
  } catch (err) {
    await ownedRedis?.quit().catch(() => undefined);
    throw err;
  }
  if (socket) {
    try {
      await blame('SLACK_APP_TOKEN', app.start());
    } catch (err) {
      await ownedRedis?.quit().catch(() => undefined);
      throw err;
    }
    log.info('slack connected over Socket Mode');
  } else {
    log.info({ path: SLACK_EVENTS_PATH }, 'slack listening over HTTP');
  }
  started = true;

  return {
    mode: socket ? 'socket' : 'http',
    poster: {
      platform: 'slack',
      // Failures propagate: the digest scheduler retries (looking first) and records them.
      post: (channel, report, job) => postDigest(app.client, channel, report, job),
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (socket) await app.stop();
      await ownedRedis?.quit().catch(() => undefined);
    },
  };
}

/** Users are per workspace; a channel id alone is what the bot token posts to (the digest keeps it). */
const localeOf = (who: Asker): Locale | undefined => parseLocale(who.locales?.[0]);

function asker(team: string, user: string, channel: string) {
  return { user: `slack:${team}:${user}`, channel: `slack:${channel}` };
}

/** The promise's value if it settles within `ms`, else undefined (the promise keeps running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** Bolt and the Web API client log through pino; pino's level decides what is written. */
function boltLogger(log: Logger): BoltLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    const err = msg.find((m) => m instanceof Error);
    const text = format(...msg.filter((m) => m !== err));
    if (err) log[level]({ err }, text);
    else log[level](text);
  };
  const levels: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => undefined,
    getLevel: () => levels[log.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}
