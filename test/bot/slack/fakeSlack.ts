// A local stand-in for Slack: the Web API methods the adapter calls, the file-upload URL, response URLs,
// and signed requests to send at the bot. Records every call so tests can assert what Slack would have seen.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  /** Web API method (`chat.postMessage`), `upload`, or `response`. */
  method: string;
  /** Form fields, with JSON-valued fields (blocks, files) parsed. */
  args: Record<string, any>;
  raw: Buffer;
  headers: IncomingMessage['headers'];
  /** What the fake answered (e.g. the `ts` of a posted message). */
  result?: Record<string, any>;
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  calls: Call[];
  callsOf(method: string): Call[];
  responseUrl(id: string): string;
  /** Resolve when `pick` finds something in the calls (polling), or fail after `ms`. */
  waitFor<T>(pick: (calls: Call[]) => T | undefined | false, ms?: number): Promise<T>;
  /** Extra handlers (e.g. `apps.connections.open`, a failing method); return undefined to fall through,
   * `{ destroy: true }` to drop the connection without an answer (nothing lands), `{ lostReply: true }` to
   * do what the method does and then drop the connection (it landed; the caller never heard). */
  override: Map<string, (args: Record<string, any>) => Record<string, unknown> | undefined>;
  /** What `users.info` answers as each user's `locale` (default en-US), as Slack does with include_locale. */
  userLocales: Map<string, string>;
  /** What each channel holds, as conversations.history / replies read it (posted messages and file shares). */
  messages: Map<string, StoredMessage[]>;
  /** Milliseconds a Web API method (or a prefix such as `chat.`) waits before answering: a slow Slack. */
  delays: Map<string, number>;
  close(): Promise<void>;
}

export interface StoredMessage {
  ts: string;
  thread_ts?: string;
  user: string;
  bot_id?: string;
  text?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  files?: { id: string; title?: string }[];
}

const JSON_FIELDS = ['blocks', 'files', 'attachments'];

/** `latencyMs`: how long each Web API method takes to answer (a slow Slack). */
export async function startFakeSlack(opts: { port?: number; latencyMs?: number } = {}): Promise<FakeSlack> {
  const calls: Call[] = [];
  const override: FakeSlack['override'] = new Map();
  const userLocales: FakeSlack['userLocales'] = new Map();
  const messages: FakeSlack['messages'] = new Map();
  const store = (channel: string, m: StoredMessage) => {
    const list = messages.get(channel) ?? [];
    list.push(m);
    messages.set(channel, list);
  };
  // Slack returns metadata only to callers that ask for it.
  const view = (m: StoredMessage, withMeta: boolean) => {
    const { metadata, ...rest } = m;
    return withMeta && metadata ? m : rest;
  };
  const delays: FakeSlack['delays'] = new Map();
  let seq = 0;
  let base = '';
  const nextTs = () => `1700000${String(++seq).padStart(3, '0')}.000100`;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0]!;
    const type = String(req.headers['content-type'] ?? '');
    let args: Record<string, any> = {};
    if (type.startsWith('application/json')) args = JSON.parse(raw.toString() || '{}');
    else if (type.startsWith('application/x-www-form-urlencoded')) {
      args = Object.fromEntries(new URLSearchParams(raw.toString()));
      for (const f of JSON_FIELDS) if (typeof args[f] === 'string') args[f] = JSON.parse(args[f]);
    }
    const call: Call = { method: '', args, raw, headers: req.headers };
    let loseReply = false;
    const reply = (body: Record<string, any>) => {
      call.result = body;
      if (loseReply) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/__calls') {
      // For a fake run in another process (the load drill): what it saw, without the bytes.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(calls.map((c) => ({ method: c.method, channel: c.args.channel ?? c.args.channel_id, thread_ts: c.args.thread_ts }))));
      return;
    }
    if (path.startsWith('/upload/')) {
      calls.push({ method: 'upload', args: { id: path.slice('/upload/'.length) }, raw, headers: req.headers });
      res.writeHead(200);
      res.end(`OK - ${raw.length}`);
      return;
    }
    if (path.startsWith('/response/')) {
      calls.push({ method: 'response', args: { ...args, id: path.slice('/response/'.length) }, raw, headers: req.headers });
      reply({ ok: true });
      return;
    }
    const method = path.replace(/^\/api\//, '');
    call.method = method;
    const delay = delays.get(method) ?? [...delays].find(([prefix]) => prefix.endsWith('.') && method.startsWith(prefix))?.[1];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    calls.push(call);
    const custom = override.get(method)?.(args);
    if (custom?.destroy) return req.socket.destroy(); // the request never reached Slack
    if (custom?.lostReply) loseReply = true; // it reached Slack; the answer is lost on the way back
    else if (custom) return reply(custom);
    switch (method) {
      case 'users.info':
        return reply({
          ok: true,
          user: { id: args.user, ...(String(args.include_locale) === 'true' ? { locale: userLocales.get(args.user) ?? 'en-US' } : {}) },
        });
      case 'auth.test':
        return reply({ ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'stressbot', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' });
      case 'oauth.v2.access':
        // The OAuth exchange: code `T2` (any code) installs workspace T2 with its own bot token.
        return reply({
          ok: true, app_id: 'A1', token_type: 'bot', scope: 'commands,chat:write', access_token: `xoxb-${args.code}-token`,
          bot_user_id: `U${args.code}BOT`, team: { id: args.code, name: `Team ${args.code}` }, enterprise: null, is_enterprise_install: false,
          authed_user: { id: 'UINSTALLER' },
        });
      case 'chat.postMessage': {
        const ts = nextTs();
        const metadata = typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata;
        store(args.channel, { ts, user: 'UBOT', bot_id: 'BBOT', text: args.text, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}), ...(metadata ? { metadata } : {}) });
        return reply({ ok: true, channel: args.channel, ts, message: { text: args.text } });
      }
      case 'conversations.history': {
        const withMeta = String(args.include_all_metadata) === 'true';
        const top = (messages.get(args.channel) ?? []).filter((m) => !m.thread_ts).reverse(); // newest first
        return reply({ ok: true, messages: top.slice(0, Number(args.limit ?? 100)).map((m) => view(m, withMeta)), has_more: false });
      }
      case 'conversations.replies': {
        const withMeta = String(args.include_all_metadata) === 'true';
        const all = messages.get(args.channel) ?? [];
        const parent = all.find((m) => m.ts === args.ts);
        if (!parent) return reply({ ok: false, error: 'thread_not_found' });
        const thread = [parent, ...all.filter((m) => m.thread_ts === args.ts)]; // oldest first, parent first
        return reply({ ok: true, messages: thread.map((m) => view(m, withMeta)), has_more: false });
      }
      case 'chat.update':
        return reply({ ok: true, channel: args.channel, ts: args.ts, text: args.text });
      case 'chat.postEphemeral':
        return reply({ ok: true, message_ts: nextTs() });
      case 'files.getUploadURLExternal': {
        const id = `F${++seq}`;
        return reply({ ok: true, upload_url: `${base}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const files = (args.files ?? []).map((f: { id: string; title?: string }) => ({ id: f.id, title: f.title }));
        // The share shows up in the channel (or thread) as the bot's message carrying the files.
        if (args.channel_id) store(args.channel_id, { ts: nextTs(), user: 'UBOT', files, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}) });
        return reply({ ok: true, files });
      }
      default:
        return reply({ ok: false, error: 'unknown_method' });
    }
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    override,
    messages,
    delays,
    callsOf: (method) => calls.filter((c) => c.method === method),
    userLocales,
    responseUrl: (id) => `${base}/response/${id}`,
    async waitFor(pick, ms = 5000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = pick(calls);
        if (found) return found;
        if (Date.now() > until) throw new Error(`timed out; calls so far: ${calls.map((c) => c.method).join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Slack's request signature: v0= HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret: string;
  timestampSec?: number;
  signature?: string;
  headers?: Record<string, string>;
}

/** The headers Slack sends with a body: its content type, timestamp and signature. */
export function signedHeaders(body: string, contentType: string, o: SendOptions): Record<string, string> {
  const ts = o.timestampSec ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': o.signature ?? slackSignature(o.secret, ts, body),
    ...o.headers,
  };
}

/** POST a body to the bot as Slack would, signed. Returns status, text and the time to respond. */
export async function sendSigned(url: string, body: string, contentType: string, o: SendOptions) {
  const headers = signedHeaders(body, contentType, o);
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

let trigger = 0;

/** A slash-command POST body as Slack sends it (form-encoded). */
export function slashBody(command: string, text: string, o: { user?: string; channel?: string; responseUrl: string; triggerId?: string; team?: string; enterprise?: string; orgInstall?: boolean }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: o.team ?? 'T1',
    team_domain: 'fake',
    channel_id: o.channel ?? 'C1',
    channel_name: 'markets',
    user_id: o.user ?? 'U1',
    user_name: 'trader',
    command,
    text,
    api_app_id: 'A1',
    ...(o.enterprise ? { enterprise_id: o.enterprise } : {}),
    is_enterprise_install: o.orgInstall ? 'true' : 'false',
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? `trig-${++trigger}-${Date.now()}`,
  }).toString();
}

/** An Events API `app_mention` callback (JSON). */
export function mentionBody(text: string, o: { eventId: string; user?: string; channel?: string; ts: string; threadTs?: string }): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: o.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'app_mention',
      user: o.user ?? 'U1',
      text,
      ts: o.ts,
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
      channel: o.channel ?? 'C1',
      event_ts: o.ts,
      team: 'T1',
    },
  });
}

/**
 * Slack's OAuth install as a browser makes it: the bot's "Add to Slack" page, then Slack's redirect
 * back with the code (the fake's oauth.v2.access installs team `code`) and the state cookie the page set.
 */
export async function installThroughPages(base: string, team: string): Promise<{ done: Response; params: URLSearchParams }> {
  const page = await fetch(`${base}/slack/install`);
  if (page.status !== 200) throw new Error(`install page answered ${page.status}`);
  const link = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize\?[^"]+)"/.exec(await page.text())![1]!.replace(/&amp;/g, '&');
  const params = new URL(link).searchParams;
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const done = await fetch(`${base}/slack/oauth_redirect?code=${team}&state=${encodeURIComponent(params.get('state')!)}`, { headers: { cookie } });
  return { done, params };
}

/** The Events API's `app_uninstalled` callback for a workspace install (JSON); `tokens_revoked` for its bot token. */
export function uninstallBody(team: string, type: 'app_uninstalled' | 'tokens_revoked' = 'app_uninstalled'): string {
  const event = type === 'tokens_revoked' ? { type, tokens: { bot: [`U${team}BOT`] } } : { type };
  return JSON.stringify({
    token: 'legacy', team_id: team, api_app_id: 'A1', type: 'event_callback', event_id: `Ev-${type}-${team}`, event_time: Math.floor(Date.now() / 1000),
    event: { ...event, event_ts: String(Date.now() / 1000) }, authorizations: [{ team_id: team, user_id: `U${team}BOT`, is_bot: true, is_enterprise_install: false }],
  });
}
