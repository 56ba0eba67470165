// Slack adapter: slash commands and @mentions in, Block Kit answers and chart PNGs out, always in a thread.
import { randomBytes } from 'node:crypto';
import { format } from 'node:util';
import {
  App, HTTPReceiver, SocketModeReceiver, LogLevel, webApi, type BlockAction, type BlockElementAction,
  type Logger as BoltLogger, type RespondFn, type SlashCommand, type types,
} from '@slack/bolt';
import type { Workspace } from '../../core/ports.ts';
import type { ChannelWorkspaces } from '../../digest/store.ts';
import type { Command, Report } from '../../core/types.ts';
import type { Asker, Core, RenderedChart } from '../../core/pipeline.ts';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import { dispatchTurn, replyTurn } from '../../core/pace.ts';
import { messages, parseLocale, type Locale } from '../../core/i18n/index.ts';
import { readBody, refuseUnread, sendJson, type HttpServer } from '../../infra/http.ts';
import { postFile, requestFetch } from '../../infra/httpFetch.ts';
import { addTransientSecret } from '../../core/secrets.ts';
import { ServerResponse } from 'node:http';
import { acksAtOnce, BODY_LIMIT_BYTES, eventBody, refuseFromHeaders, signatureValid } from './frontDoor.ts';
import type { Logger } from '../../infra/log.ts';
import type { Outcome } from '../../core/router.ts';
import { ACTION_PREFIX, actionRefOf, anchorText, answerBlocks, escapeMrkdwn, outcomeMessage, reportBlocks, type Block } from './blocks.ts';
import type { FollowUp } from '../../core/actions.ts';
import { TONE_MARK } from '../../core/presentation.ts';
import { FORM_CALLBACK, FORM_COMMAND_ACTION, OPEN_FORM_ACTION, SHORTCUT_CALLBACK, formCommands, formMetadata, formSubmission, formView, homeView, type HomeMine } from './surfaces.ts';
import { setUpBy } from '../../digest/mine.ts';
import type { DigestPoster, PostJob } from '../../digest/scheduler.ts';
import { blame } from '../startErrors.ts';
import { attachUninstall, mountOAuth, oauthCredentials, oauthReceiverOptions } from './oauth.ts';
import type { InstallationRows } from './installations.ts';

export { reportBlocks, anchorText, SLACK_LIMITS } from './blocks.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
/** How long one Web API call, or one chart's upload, may take. */
const CALL_TIMEOUT_MS = 30_000;
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

/**
 * An answer's chat.postMessage fields, made once per report and follow-ups: every ask of a kept answer shares
 * both (core/share.ts; the router's followUpsOf), and a burst's 500 answers built and serialised them 500 times.
 * Its blocks go as the JSON text the form-encoded body carries anyway: given an array, Bolt's WebClient
 * stringifies it on every call, after copying it for a debug line it builds even when debug is off
 * (`bench/process.ts` burst, CPU profile); a string it sends as it is, the same bytes. Web API calls only:
 * a response URL takes JSON, where blocks must stay an array.
 */
const postedAnswers = new WeakMap<Report, { actions: readonly FollowUp[] | undefined; fields: { text: string; blocks: Block[] } }>();
function postedAnswer(report: Report, actions: readonly FollowUp[] | undefined): { text: string; blocks: Block[] } {
  const made = postedAnswers.get(report);
  if (made && made.actions === actions) return made.fields;
  const { text, blocks } = answerBlocks(report, actions);
  const fields = { text, blocks: JSON.stringify(blocks) as unknown as Block[] };
  postedAnswers.set(report, { actions, fields });
  return fields;
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
  /** An answer slower than this gets a "working…" anchor at once, updated with the headline later. */
  workingAfterMs?: number;
  /** Clock for the request timestamp check. */
  now?: () => number;
  /** Where OAuth installs are kept (required with SLACK_CLIENT_ID): the bot's store. */
  installations?: InstallationRows;
  /**
   * Each channel's workspace (the bot's store): distributing, a scheduled post is sent with the token
   * of the team its channel was set up from, and an uninstall removes that team's subscriptions.
   */
  workspaces?: ChannelWorkspaces;
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
  const oauth = oauthCredentials(config);
  if (!config.SLACK_BOT_TOKEN && !oauth) throw new Error('SLACK_BOT_TOKEN is not set');
  const installations = opts.installations;
  if (oauth && !installations) {
    // A settings problem, not an outage: start-up ends with this one line (exit 78), no retries.
    throw Object.assign(new Error('SLACK_CLIENT_ID needs a store that keeps Slack installations (this build has none); use SLACK_BOT_TOKEN'), { name: 'AppInitializationError' });
  }
  const { SLACK_SIGNING_SECRET: signingSecret } = config;
  const appToken = oauth ? undefined : config.SLACK_APP_TOKEN;
  const socket = Boolean(appToken);

  const boltLog = boltLogger(log);
  const apiUrl = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  const receiver = appToken
    ? // Its own client keeps the default retries: reconnecting (apps.connections.open) is safe to repeat.
      new SocketModeReceiver({ appToken, logger: boltLog, installerOptions: { clientOptions: { ...apiUrl } } })
    : signingSecret
      ? new HTTPReceiver({
          signingSecret, endpoints: SLACK_EVENTS_PATH, logger: boltLog, bodyLimit: 1_000_000,
          ...(oauth && installations ? oauthReceiverOptions(oauth, config, installations) : {}),
        })
      : undefined;
  if (!receiver) throw new Error('SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  // No retries: a retried chat.postMessage whose first response was lost would post twice.
  const clientOptions = { ...apiUrl, retryConfig: { retries: 0 }, timeout: CALL_TIMEOUT_MS, fetch: requestFetch };
  const app = new App({
    // Distributing: no token here; Bolt's authorize finds each team's installation per request.
    ...(oauth ? {} : { token: config.SLACK_BOT_TOKEN }),
    receiver,
    logger: boltLog,
    deferInitialization: true,
    clientOptions,
  });

  const workingAfterMs = opts.workingAfterMs ?? 1500;
  const now = opts.now ?? Date.now;
  // Slack's response URLs work for 30 minutes: kept out of every log line and reply for that long.
  const RESPONSE_URL_MS = 30 * 60_000;

  // The route exists from the start: until auth.test has passed, Slack hears 503 (it retries), never 404.
  let started = false;
  let stopped = false;
  // Without Socket Mode the receiver above exists only with a signing secret.
  if (!socket && signingSecret) {
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
      // Bolt's work waits for a burst's acks like reply work, but goes before the replies' steps (a form's
      // trigger id lasts 3 s, a click should not queue behind a burst's uploads); its own ack then writes
      // into a response that goes nowhere.
      void dispatchTurn()
        .then(() => (receiver as HTTPReceiver).requestListener(req, new ServerResponse(req)))
        .catch((err: unknown) => log.error({ err }, 'slack dispatch failed after ack'));
    });
  }

  // The asker's Slack language (users.info include_locale), cached: it changes rarely, asks come often.
  // A lookup that fails or is slow answers in the channel's or the bot's language instead.
  const userLocales = new LRUCache<string, { locale?: string }>({ max: 10_000, ttl: 6 * 3_600_000 });
  // One users.info per user at a time: a user's asks that arrive together wait for the same lookup and go on
  // in the order they came (else a later ask finding the cache filled overtook earlier ones still waiting,
  // and the rate limit refused an earlier ask instead of the last).
  const lookingUp = new Map<string, Promise<string | undefined>>();
  async function userLocale(client: webApi.WebClient, user: string): Promise<string | undefined> {
    const hit = userLocales.get(user);
    if (hit) return hit.locale;
    let lookup = lookingUp.get(user);
    if (!lookup) {
      lookup = client.users.info({ user, include_locale: true }).then(
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
      ).finally(() => lookingUp.delete(user));
      lookingUp.set(user, lookup);
    }
    return within(lookup, 1000);
  }
  const askerWith = async (client: webApi.WebClient, where: Workspace, user: string, channel: string): Promise<Asker> => {
    const locale = user ? await userLocale(client, user) : undefined;
    return { ...asker(where, user, channel), ...(locale ? { locales: [locale] } : {}) };
  };

  /** The full answer and its charts under `thread_ts`; data and internal failures are said there too. */
  async function answerInThread(client: webApi.WebClient, channel: string, thread_ts: string, outcome: Outcome): Promise<void> {
    if (outcome.kind !== 'answer') {
      await client.chat.postMessage({ channel, thread_ts, ...outcomeMessage(outcome) });
      return;
    }
    const charts = core.charts(outcome.report); // render while the text posts; never rejects
    await client.chat.postMessage({ channel, thread_ts, ...postedAnswer(outcome.report, outcome.actions), unfurl_links: false, unfurl_media: false });
    await replyTurn();
    await uploadCharts(client, channel, thread_ts, charts, outcome.report.locale);
  }

  // A few uploads at a time: each is three Web API calls and a PNG body written out, and a burst's
  // uploads all side by side kept the loop from the next requests' acks (`npm run bench`, burst). Not one:
  // against real Slack an upload is network-bound (~1 s), and one at a time would queue every chart.
  const uploads = pLimit(4);
  async function uploadCharts(client: webApi.WebClient, channel: string, thread_ts: string, charts: ReturnType<Core['charts']>, locale?: Report['locale']): Promise<void> {
    const pngs = await charts;
    if (!pngs.length) return;
    try {
      await uploads(() => uploadPngs(client, channel, thread_ts, pngs));
    } catch (err) {
      const ref = randomBytes(4).toString('hex');
      log.error({ err, ref }, 'chart upload failed');
      await client.chat.postMessage({ channel, thread_ts, text: messages(locale).platform.chartsFailed(ref) });
    }
  }

  /**
   * files.uploadV2's three steps (an upload URL per chart, the PNGs posted to them, one completion sharing them in
   * the thread), with each PNG sent from its buffer (infra/httpFetch.ts postFile) rather than through the Web API
   * client's Blob and FormData. The ids of the files shared.
   */
  async function uploadPngs(client: webApi.WebClient, channel: string, thread_ts: string, pngs: readonly RenderedChart[]): Promise<string[]> {
    const files = pngs.map((c, i) => ({ bytes: c.png, title: c.title, filename: `${slug(c.title) || `chart-${i + 1}`}.png` }));
    const urls = await Promise.all(files.map((f) => client.files.getUploadURLExternal({ filename: f.filename, length: f.bytes.length, alt_text: f.title })));
    const auth: Record<string, string> = client.token ? { authorization: `Bearer ${client.token}` } : {};
    await Promise.all(
      urls.map((u, i) => {
        if (!u.upload_url || !u.file_id) throw new Error(`files.getUploadURLExternal gave no upload URL for ${files[i]!.filename}`);
        return postFile(u.upload_url, 'body', { bytes: files[i]!.bytes, filename: 'Untitled' }, auth, CALL_TIMEOUT_MS);
      }),
    );
    const shared = urls.map((u, i) => ({ id: u.file_id!, title: files[i]!.title }));
    const done = await client.files.completeUploadExternal({ files: [shared[0]!, ...shared.slice(1)], channel_id: channel, thread_ts });
    return (done.files ?? []).map((f) => f.id).filter((id): id is string => Boolean(id));
  }

  /**
   * A scheduled post as parts, each recorded once it lands: the headline in the channel, the answer
   * and the charts in its thread. The messages carry the post id in their metadata, so an attempt
   * after a lost response or a crash finds what reached Slack (conversations.history / replies)
   * instead of posting it again.
   */
  async function postDigest(client: webApi.WebClient, botUser: () => Promise<string | undefined>, channel: string, report: Report, job: PostJob): Promise<void> {
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
      let ref = job.uncertain ? await findCharts(client, await botUser(), channel, anchor) : undefined;
      if (!ref) {
        const pngs = await core.charts(report);
        if (pngs.length) {
          const ids = await uploadPngs(client, channel, anchor, pngs);
          ref = ids.length ? ids.join(',') : `${pngs.length} files`;
        } else ref = 'none';
      }
      await job.record('charts', ref);
    }
  }

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

  async function findCharts(client: webApi.WebClient, botUserId: string | undefined, channel: string, thread: string): Promise<string | undefined> {
    const res = await client.conversations.replies({ channel, ts: thread, limit: 200 });
    const own = (m: { user?: string }) => botUserId !== undefined && m.user === botUserId;
    const hit = (res.messages ?? []).find((m) => m.ts !== thread && own(m) && (m.files?.length ?? 0) > 0);
    if (!hit) return undefined;
    log.info({ channel, thread }, 'digest charts already in Slack: not uploading them again');
    return (hit.files ?? []).map((f) => f.id).filter(Boolean).join(',') || 'found';
  }

  // One listener for every slash command: Bolt runs every listener's middleware on every event, and a listener per
  // command (12, and one for unknown commands) was 13 chains an event: in a 1,000-ask burst their filters alone
  // allocated 12 MB, and the burst's allocations fell from 306 to 275 MB with one (heap sampling, bench/process.ts).
  const known = new Set(slashCommands(core.commands));
  app.command(/^\//, async ({ command, ack, respond, client }) => {
    await ack(); // within Slack's 3 s, before any data work
    if (!known.has(command.command)) {
      // A command the app's manifest has but this build does not (an older deploy): say so instead of timing out.
      // Through the response URL: over HTTP the ack went out before Bolt ran.
      await respond({ response_type: 'ephemeral', text: `${command.command} is not available on this stressbot. ${slashName({ name: 'help' })} lists what is.` }).catch(
        (err: unknown) => log.warn({ err }, 'could not answer an unknown slash command'),
      );
      return;
    }
    addTransientSecret(command.response_url, RESPONSE_URL_MS);
    // `/stress` alone opens the form: the trigger id works for 3 s, so before the reply queue.
    if (command.command === UMBRELLA_SLASH && !command.text?.trim() && command.trigger_id) {
      await openForm(client, command.trigger_id, workspaceOf(command.team_id, command.enterprise_id, command.is_enterprise_install === 'true'), command.user_id);
      return;
    }
    await core.reply(() => replySlash(command, respond, client));
  });

  async function replySlash(command: SlashCommand, respond: RespondFn, client: webApi.WebClient): Promise<void> {
    const line = `${command.command} ${command.text ?? ''}`.trim();
    const channel = command.channel_id;
    try {
      if (command.trigger_id && !(await core.firstDelivery(`slack:trigger:${command.trigger_id}`))) return;
      const who = await askerWith(client, workspaceOf(command.team_id, command.enterprise_id, command.is_enterprise_install === 'true'), command.user_id, channel);
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
        await replyTurn();
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
      await replyTurn();
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

  app.event('app_mention', ({ event, body, client, context }) => core.reply(() => replyMention(event, body, client, context)));

  async function replyMention(event: types.AppMentionEvent, body: MentionEnvelope, client: webApi.WebClient, context: { botUserId?: string }): Promise<void> {
    const channel = event.channel;
    const thread_ts = event.thread_ts ?? event.ts;
    const user = event.user ?? '';
    try {
      if (body.event_id && !(await core.firstDelivery(`slack:event:${body.event_id}`))) return;
      const line = mentionLine(event.text, context.botUserId);
      const where = workspaceOf(body.team_id ?? event.team ?? '', body.enterprise_id, body.is_enterprise_install ?? body.authorizations?.[0]?.is_enterprise_install);
      const outcome = await core.ask(slackLine(line), await askerWith(client, where, user, channel));
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

  // Follow-up buttons and selects: the line rides in the value and is asked like a typed one.
  app.action(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, body, action, client, respond }) => {
    await ack(); // within Slack's 3 s; the answer follows
    if (body.type !== 'block_actions') return;
    await core.replyToClick(() => replyAction(body as BlockAction, action as BlockElementAction, client, respond));
  });

  async function replyAction(body: BlockAction, action: BlockElementAction, client: webApi.WebClient, respond: RespondFn): Promise<void> {
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const ts = body.message?.ts ?? body.container?.message_ts;
    const value = action.type === 'button' ? action.value : action.type === 'static_select' ? action.selected_option?.value : undefined;
    const ref = actionRefOf(value);
    try {
      if (!ref || !channel || !ts) {
        const who = await askerWith(client, interactionWhere(body), user, channel ?? '');
        await respond({ response_type: 'ephemeral', replace_original: false, text: messages(localeOf(who)).actions.notOurs });
        return;
      }
      if (!(await core.firstDelivery(`slack:action:${channel}:${ts}:${action.action_id}:${action.action_ts}`))) return;
      const outcome = await core.act(ref, await askerWith(client, interactionWhere(body), user, channel));
      const thread_ts = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? ts;
      if (outcome.kind === 'usage' || outcome.kind === 'rate') {
        await respond({ response_type: 'ephemeral', replace_original: false, text: outcomeMessage(outcome).text });
        return;
      }
      if (outcome.kind !== 'answer') {
        await client.chat.postMessage({ channel, thread_ts, ...outcomeMessage(outcome) });
        return;
      }
      if (action.action_id === `${ACTION_PREFIX}explain`) {
        // The explanations are for whoever asked for them, not a new message for the channel.
        await respond({ response_type: 'ephemeral', replace_original: false, ...reportBlocks(outcome.report) });
        return;
      }
      const charts = core.charts(outcome.report);
      const message = answerBlocks(outcome.report, outcome.actions);
      try {
        await client.chat.update({ channel, ts, ...message });
      } catch (err) {
        // A message the bot did not post itself (an answer through the response URL): replaced through it.
        log.warn({ err, channel }, 'cannot update the answer; replacing it through the response URL');
        await respond({ replace_original: true, ...message });
      }
      await uploadCharts(client, channel, thread_ts, charts, outcome.report.locale);
    } catch (err) {
      const ref = randomBytes(4).toString('hex');
      log.error({ err, ref }, 'action failed after ack');
      await respond({ response_type: 'ephemeral', replace_original: false, text: messages(parseLocale(userLocales.get(user)?.locale)).platform.failed(ref) }).catch(
        (e: unknown) => log.error({ err: e, ref }, 'could not tell the user either'),
      );
    }
  }

  /** The form in the opener's Slack language (users.info, cached; the trigger id works for 3 s). */
  async function openForm(client: webApi.WebClient, trigger_id: string, where: Workspace, user: string): Promise<void> {
    const locale = localeOf(await askerWith(client, where, user, ''));
    await client.views.open({ trigger_id, view: formView(core.commands, undefined, locale) }).catch((err: unknown) => log.warn({ err }, 'could not open the form'));
  }

  app.shortcut(SHORTCUT_CALLBACK, async ({ ack, shortcut, client }) => {
    await ack();
    await openForm(client, shortcut.trigger_id, interactionWhere(shortcut), shortcut.user.id);
  });
  app.action(OPEN_FORM_ACTION, async ({ ack, body, client }) => {
    await ack();
    const b = body as BlockAction;
    if (b.trigger_id) await openForm(client, b.trigger_id, interactionWhere(b), b.user.id);
  });
  // Choosing another command re-draws the form with that command's arguments.
  app.action(FORM_COMMAND_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const b = body as BlockAction;
    const chosen = action.type === 'static_select' ? action.selected_option?.value : undefined;
    if (!b.view?.id || !chosen) return;
    await client.views.update({ view_id: b.view.id, hash: b.view.hash, view: formView(core.commands, chosen, formMetadata(b.view.private_metadata).locale) }).catch((err: unknown) => log.warn({ err }, 'could not update the form'));
  });

  app.view(FORM_CALLBACK, async ({ ack, body, view, client }) => {
    await ack(); // closes the modal; the answer follows in the chosen conversation
    await core.reply(async () => {
      const user = body.user.id;
      const { line, channel: chosen } = formSubmission(core.commands, view.private_metadata, view.state.values as never);
      const channel = chosen ?? user; // no conversation chosen: the user's DM with the bot
      try {
        if (!(await core.firstDelivery(`slack:view:${view.id}:${view.hash}`))) return;
        const { locale } = formMetadata(view.private_metadata);
        const outcome = await core.ask(line, { ...asker(interactionWhere(body), user, channel), ...(locale ? { locales: [locale] } : {}) });
        if (outcome.kind === 'usage' || outcome.kind === 'rate') {
          await client.chat.postEphemeral({ channel, user, text: outcomeMessage(outcome).text }).catch(() => client.chat.postMessage({ channel: user, text: outcomeMessage(outcome).text }));
          return;
        }
        const anchor = await client.chat.postMessage({ channel, text: anchorText(user, line, outcome, locale), unfurl_links: false });
        await answerInThread(client, channel, anchor.ts!, outcome);
      } catch (err) {
        const ref = randomBytes(4).toString('hex');
        log.error({ err, ref }, 'form submission failed');
        await client.chat.postMessage({ channel: user, text: messages(formMetadata(view.private_metadata).locale).platform.failedLine(line, ref) }).catch(() => undefined);
      }
    });
  });

  // App Home: today's headline of each command (from the cache most of the time), the opener's
  // channels and alerts from the store, and the form button.
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await core.reply(async () => {
      const envelope = body as MentionEnvelope;
      const where = workspaceOf(envelope.team_id ?? '', envelope.enterprise_id, envelope.is_enterprise_install ?? envelope.authorizations?.[0]?.is_enterprise_install);
      const who = await askerWith(client, where, event.user, event.channel);
      const locale = localeOf(who);
      const lang = locale && locale !== 'en' ? ` lang=${locale}` : '';
      const [headlines, mine] = await Promise.all([
        Promise.all(
          formCommands(core.commands).map(async (c) => {
            const o = await core.ask(`/${c.name}${lang}`);
            // A headline is market data with its dates; a command that needs more words (/alert) or
            // reads a setting has none to show here.
            if (o.kind === 'usage' || (o.kind === 'answer' && !o.report.sources.length)) return [];
            return [o.kind === 'answer' ? { command: c.name, report: o.report } : { command: c.name, failed: o.message }];
          }),
        ).then((all) => all.flat()),
        core.digest ? setUpBy(core.digest, who.user!).catch((err: unknown): HomeMine => (log.warn({ err }, 'App Home: subscriptions unavailable'), 'unavailable')) : undefined,
      ]);
      await client.views.publish({ user_id: event.user, view: homeView(headlines, mine, locale) }).catch((err: unknown) => log.warn({ err }, 'could not publish App Home'));
    });
  });

  app.error(async (err) => {
    log.error({ err }, 'slack listener error');
  });
  if (oauth) {
    attachUninstall(app, opts.installations!, log, async (team, why) => {
      if (!opts.workspaces) return;
      const gone = await opts.workspaces.forgetWorkspace({ platform: 'slack', ...team }, `the Slack workspace removed the app (${why})`);
      log.info({ ...team, channels: gone.channels.length, subscriptions: gone.subscriptions, alerts: gone.alerts, settings: gone.settings, posts: gone.posts }, "slack: the workspace's subscriptions removed");
    });
    mountOAuth(http, (req, res) => (receiver as HTTPReceiver).requestListener(req, res));
  }

  // Single workspace: the one token's bot user, asked once (auth.test).
  let ownBotUserId: string | undefined;
  const ownBotUser = async () => (ownBotUserId ??= (await app.client.auth.test()).user_id);

  // Distributing: a client per installed team's current token (a rotated token gets a new client).
  const teamClients = new LRUCache<string, webApi.WebClient>({ max: 500 });
  async function teamClient(channel: string): Promise<{ client: webApi.WebClient; botUserId: string | undefined }> {
    const where = await opts.workspaces?.workspaceOf(`slack:${channel}`);
    if (!where) throw new Error(`slack: no workspace recorded for channel ${channel}, so no team token to post with; run /digest subscribe (or the /alert, /stress-settings command) in that channel again`);
    // Bolt's own authorize over the installation store: the team's (or its org's) token, refreshed first when token rotation is on and it expires soon.
    const auth = await (receiver as HTTPReceiver).installer!.authorize({
      teamId: where.team, enterpriseId: where.enterprise ?? undefined, isEnterpriseInstall: where.orgInstall === true,
    });
    if (!auth.botToken) throw new Error(`slack: the installation for team ${where.team} has no bot token`);
    let client = teamClients.get(auth.botToken);
    if (!client) teamClients.set(auth.botToken, (client = new webApi.WebClient(auth.botToken, { ...clientOptions, logger: boltLog })));
    return { client, botUserId: auth.botUserId };
  }

  await app.init(); // auth.test: a bad token fails here, at start, not on the first command
  if (socket) {
    await blame('SLACK_APP_TOKEN', app.start());
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
      async post(channel, report, job) {
        if (!oauth) return postDigest(app.client, ownBotUser, channel, report, job);
        const team = await teamClient(channel);
        return postDigest(team.client, async () => team.botUserId, channel, report, job);
      },
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (socket) await app.stop();
    },
  };
}

/** Users are per workspace; a channel id alone is what the bot token posts to (the digest keeps it). */
const localeOf = (who: Asker): Locale | undefined => parseLocale(who.locales?.[0]);

function asker(where: Workspace, user: string, channel: string): Asker {
  return { user: `slack:${where.team}:${user}`, channel: `slack:${channel}`, ...(where.team ? { workspace: where } : {}) };
}

/** The workspace of a click, shortcut or form submission (they carry it alike). */
function interactionWhere(b: { team?: { id: string } | null; user: { team_id?: string }; enterprise?: { id: string } | null; is_enterprise_install?: boolean }): Workspace {
  return workspaceOf(b.team?.id ?? b.user.team_id ?? '', b.enterprise?.id, b.is_enterprise_install);
}

/** The team a request came from, with its Enterprise Grid org and whether the app is installed org-wide. */
function workspaceOf(team: string, enterprise: string | null | undefined, orgInstall: boolean | undefined): Workspace {
  return { team, enterprise: enterprise || null, orgInstall: orgInstall === true };
}

/** The parts of an Events API envelope that say which installation it came through. */
interface MentionEnvelope {
  event_id?: string;
  team_id?: string;
  enterprise_id?: string;
  is_enterprise_install?: boolean;
  authorizations?: { is_enterprise_install?: boolean }[];
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
