// A local stand-in for Discord's REST API: records every call and answers the few routes the
// adapter uses with the shapes Discord returns (enough for discord.js to build its objects).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** Decoded path without the /api/v10 prefix, e.g. /webhooks/1/tok/messages/@original. */
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  /** JSON body, or the multipart `payload_json`. */
  json?: Record<string, unknown>;
  /** Multipart file parts: field name → bytes. */
  files: Map<string, Buffer>;
  /** What the fake answered. */
  status?: number;
  response?: unknown;
}

export interface FakeDiscord {
  /** Base to put in DISCORD_API_URL. */
  api: string;
  calls: Recorded[];
  /** Resolves with the first call (past or future) matching, or rejects after `ms`. */
  waitFor(match: (c: Recorded) => boolean, ms?: number): Promise<Recorded>;
  /** Answer a call differently (e.g. refuse an upload); undefined falls through to the normal answer. */
  override?: (c: Recorded) => { status: number; body?: unknown } | undefined;
  close(): Promise<void>;
}

export const BOT_ID = '4200000000000000001';

const user = (id: string, bot = false) => ({ id, username: bot ? 'stressbot' : `user${id.slice(-3)}`, discriminator: '0', avatar: null, global_name: null, ...(bot ? { bot } : {}) });

export function rawMessage(id: string, channelId: string, content: string, extra: Record<string, unknown> = {}) {
  return {
    id, channel_id: channelId, author: user(BOT_ID, true), content, timestamp: new Date().toISOString(),
    edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [],
    embeds: [], pinned: false, type: 0, ...extra,
  };
}

/** `latencyMs`: how long each REST call takes to answer (a slow Discord). */
export async function startFakeDiscord(opts: { latencyMs?: number } = {}): Promise<FakeDiscord> {
  const calls: Recorded[] = [];
  /** channel|nonce → the message created with it (Discord's `enforce_nonce` dedupe). */
  const nonces = new Map<string, unknown>();
  const waiters: { match: (c: Recorded) => boolean; resolve: (c: Recorded) => void }[] = [];
  let next = 9000;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/api\/v10/, ''));
    const call: Recorded = { method: req.method!, path, headers: req.headers, raw, files: new Map() };
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('application/json') && raw.length) call.json = JSON.parse(raw.toString('utf8'));
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') {
          if (name === 'payload_json') call.json = JSON.parse(value);
        } else call.files.set(name, Buffer.from(await value.arrayBuffer()));
      }
    }
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    const { status, body } = fake.override?.(call) ?? respond(call);
    call.status = status;
    call.response = body;
    calls.push(call);
    for (const w of [...waiters]) if (w.match(call)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(call); }
    // Discord answers 204 with no body (and no content type) where there is nothing to return.
    if (body === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });

  function respond(call: Recorded): { status: number; body?: unknown } {
    const { method: m, path } = call;
    let r: RegExpMatchArray | null;
    if (m === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    if (m === 'DELETE') return { status: 204 };
    if (m === 'POST' && /^\/channels\/\d+\/typing$/.test(path)) return { status: 204 };
    if (m === 'PATCH' && (r = path.match(/^\/webhooks\/(\d+)\/[^/]+\/messages\/@original$/))) {
      return { status: 200, body: rawMessage(String(next++), '10', '', { webhook_id: r[1] }) };
    }
    if (m === 'POST' && (r = path.match(/^\/webhooks\/(\d+)\/[^/]+$/))) return { status: 200, body: rawMessage(String(next++), '10', '', { webhook_id: r[1] }) };
    if (m === 'POST' && (r = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      return {
        status: 201,
        body: {
          id: String(next++), type: 11, guild_id: '1', parent_id: r[1], owner_id: BOT_ID, name: (call.json?.name as string) ?? 'thread',
          thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
        },
      };
    }
    if (m === 'POST' && (r = path.match(/^\/channels\/(\d+)\/messages$/))) {
      const nonce = call.json?.nonce;
      const key = call.json?.enforce_nonce && nonce !== undefined ? `${r[1]}|${String(nonce)}` : undefined;
      if (key && nonces.has(key)) return { status: 200, body: nonces.get(key) }; // the same message again, none created
      const message = rawMessage(String(next++), r[1]!, '', nonce !== undefined ? { nonce } : {});
      if (key) nonces.set(key, message);
      return { status: 200, body: message };
    }
    if (m === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      const list = (call.json ?? []) as unknown as Record<string, unknown>[];
      return { status: 200, body: list.map((c, i) => ({ id: String(8000 + i), application_id: BOT_ID, version: '1', ...c })) };
    }
    return { status: 404, body: { message: 'Unknown route in fake', code: 0 } };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeDiscord = {
    api: `http://127.0.0.1:${port}/api`,
    calls,
    waitFor(match, ms = 8000) {
      const seen = calls.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake Discord: no matching call in ${ms} ms; got ${calls.map((c) => `${c.method} ${c.path}`).join(', ')}`)), ms);
        waiters.push({ match, resolve: (c) => { clearTimeout(timer); resolve(c); } });
      });
    },
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
  return fake;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
