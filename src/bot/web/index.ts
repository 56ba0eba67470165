// The local web playground: a page on the one HTTP server that asks the same Core as every adapter
// (router, validation, per-asker rate limit) and shows the answer as the platforms would, next to
// the payloads the real adapter code would send.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import { z } from 'zod';
import type { ChartSpec, Pace, Report } from '../../core/types.ts';
import type { Core } from '../../core/pipeline.ts';
import { DEFAULT_CHART } from '../../core/presentation.ts';
import { yieldToIo } from '../../core/pace.ts';
import type { HttpServer } from '../../infra/http.ts';
import { readBody, sendJsonText } from '../../infra/http.ts';
import type { Outcome } from '../../core/router.ts';
import { reportJson } from '../answerFiles.ts';
import { outcomeMessage, reportBlocks } from '../slack/blocks.ts';
import { answerMessage } from '../discord/embed.ts';
import { EPHEMERAL, restMessage } from '../discord/answer.ts';
import { argDocs, formCommands, formFields, usageLine } from '../../core/schema.ts';
import { COMMAND_WORDS, messages, parseLocale } from '../../core/i18n/index.ts';
import { zonedTime } from '../../data/calendar.ts';
import { formatWithOffset, nextDigestRuns } from '../../digest/schedule.ts';
import { isLoopbackHost } from '../../infra/exposure.ts';

/** What one platform's adapter would send for an outcome, produced by that adapter's own code. */
export type Previewer = (outcome: Outcome) => unknown;

export const slackPreview: Previewer = (o) => (o.kind === 'answer' ? reportBlocks(o.report) : outcomeMessage(o));

/**
 * The JSON body the Discord adapter sends (embed + attachment list). Charts stand in with empty
 * bytes: only their count and size decide what fits, and a handful of ~100 kB PNGs is far under
 * Discord's 10 MiB. Usage and rate answers go to the asker alone (ephemeral), as the adapter does.
 */
export const discordPreview: Previewer = (o) => {
  if (o.kind !== 'answer') return { content: o.message, ...(o.audience === 'asker' ? { flags: EPHEMERAL } : {}) };
  const charts = o.report.charts.map((c) => ({ title: c.title, png: Buffer.alloc(0), width: c.width ?? DEFAULT_CHART.width, height: c.height ?? DEFAULT_CHART.height }));
  return restMessage(answerMessage(o.report, charts)).body;
};

export interface PlaygroundOptions {
  /** Payload previews by platform name; default Slack's Block Kit and Discord's embed message. */
  previews?: Record<string, Previewer>;
  /** Chart links kept for `GET /charts/<id>.png`: each answer's links live this long after their last use (default 24 h). */
  chartLinkMs?: number;
  /** Bytes of chart links kept at once (their specs' bytes; default 32 MiB, ~3,000 /kospi-stress charts): a bound
   *  on memory in bytes, as a count was not (20,000 links held ~220 MB). The oldest unused link goes first. */
  chartLinkBytes?: number;
  /** Rendered PNGs kept (default 16: ~150 kB each, and a browser keeps its own for an hour); an evicted one is
   *  drawn again from its spec on the next request. */
  chartCacheSize?: number;
  /** How long one digest preview is reused: it runs every command twice. */
  digestTtlMs?: number;
  now?: () => Date;
}

/** The page's security policy: nothing from outside, no inline script or style. */
export const CSP = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** `{line}` is one command line; the router caps it at 500 characters, this bounds what is read. */
export const BODY_LIMIT_BYTES = 4096;

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
/** The page's font is the charts' (npm `pretendard`, already a dependency), served from this machine. */
const FONT_DIR = join(
  dirname(createRequire(import.meta.url).resolve('pretendard/dist/public/static/Pretendard-Regular.otf')),
  '../../web/static/woff2-subset',
);
const CHART_PATH = /^\/charts\/([A-Za-z0-9_-]{16})\.png$/;
const askBody = z.object({
  line: z.string({ error: 'line must be a string, e.g. {"line": "/kospi-stress"}' }),
  /** Set by the page's follow-up buttons: the as-of of the answer they hung under. */
  basis: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'basis must be a date YYYY-MM-DD').optional(),
});

interface ChartEntry {
  /** The spec structured-cloned to bytes (as a worker receives it): a /kospi-stress chart is ~11 kB so,
   *  against ~25 kB of heap as objects, and links are kept by the thousand for a day. */
  spec: Buffer;
}

export interface ChartLink {
  title: string;
  url: string;
  width: number;
  height: number;
}

function secure(res: ServerResponse): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}

function sendText(res: ServerResponse, status: number, type: string, body: Buffer | string, cache = 'no-cache'): void {
  secure(res);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': cache });
  res.end(body);
}

function sendApi(res: ServerResponse, status: number, body: unknown): void {
  sendApiText(res, status, JSON.stringify(body));
}

function sendApiText(res: ServerResponse, status: number, json: string | Buffer): void {
  secure(res);
  res.setHeader('cache-control', 'no-store');
  sendJsonText(res, status, json);
}

/** Mounts `/`, `/static/*`, `/api/commands`, `/api/form`, `/api/ask`, `/api/digest-preview` and `/charts/*` on `http`. */
export function mountPlayground(http: HttpServer, core: Core, opts: PlaygroundOptions = {}): void {
  const list = core.commands;
  const previews = opts.previews ?? { slack: slackPreview, discord: discordPreview };
  const now = opts.now ?? (() => new Date());
  // Links outlive their PNGs: a link stays valid for the life of its answer (the page keeps showing
  // it), while only recent PNGs stay rendered; an old link is drawn again from its spec.
  const charts = new LRUCache<string, ChartEntry>({ maxSize: opts.chartLinkBytes ?? 32 * 2 ** 20, sizeCalculation: (e) => e.spec.byteLength, ttl: opts.chartLinkMs ?? 24 * 3_600_000, updateAgeOnGet: true });
  const pngs = new LRUCache<string, Promise<Buffer | undefined>>({ max: opts.chartCacheSize ?? 16 });
  // Bound to loopback, the page is one person at their own machine: no per-minute limit unless
  // RATE_LIMIT_LOCAL asks for one. Bound wider, loopback visitors may be a reverse proxy's, so all are limited.
  const localOnly = !core.config.RATE_LIMIT_LOCAL && isLoopbackHost(core.config.HOST);
  // Only files listed here are served, so no request path can reach anywhere else.
  const files = new Map(readdirSync(STATIC_DIR).filter((f) => TYPES[extname(f)]).map((f) => [f, join(STATIC_DIR, f)]));
  for (const weight of ['Regular', 'SemiBold', 'Bold']) {
    const font = join(FONT_DIR, `Pretendard-${weight}.subset.woff2`);
    if (existsSync(font)) files.set(`fonts/Pretendard-${weight}.woff2`, font);
  }

  // One link per chart object: a shared or kept answer (core/share.ts) is the same report for every ask in its
  // minute, so its askers share its links, and the one PNG behind them. A link keeps its spec as structured-clone
  // bytes (~11 kB for /kospi-stress), not the objects (~25 kB of heap), copied out of v8.serialize's buffer: that
  // one is its working buffer, grown by doubling, so each kept spec held ~21 kB of malloc and the links' 32 MiB
  // bound (counted in bytes) was nearer 60 MiB of memory (heaptrack, 1,000 answers: 21.4 MB of serializer buffers).
  const specIds = new WeakMap<ChartSpec, string>();
  const link = (spec: ChartSpec, id?: string): ChartLink => {
    if (id === undefined) {
      id = specIds.get(spec) ?? randomBytes(12).toString('base64url');
      specIds.set(spec, id);
    }
    // get, not has: a link still handed out stays fresh in the LRU.
    if (!charts.get(id)) charts.set(id, { spec: Buffer.from(serialize(spec)) });
    return { title: spec.title, url: `/charts/${id}.png`, width: spec.width ?? DEFAULT_CHART.width, height: spec.height ?? DEFAULT_CHART.height };
  };

  const envelope = (o: Outcome, chartIds?: string[]) => ({
    outcome: o.kind,
    audience: o.audience,
    ...(o.kind === 'answer'
      ? { report: { ...reportJson(o.report), charts: o.report.charts.map((c, i) => link(c, chartIds?.[i])) }, actions: o.actions ?? [] }
      : { message: o.message, ...detailOf(o) }),
    previews: Object.fromEntries(Object.entries(previews).map(([name, preview]) => [name, preview(o)])),
  });
  // An answer's envelope is a function of its report and follow-ups: a shared report's JSON (~10 kB, with both
  // platforms' previews) is written once, and each later ask re-checks only its follow-ups and chart links.
  const written = new WeakMap<Report, { actions: string; text: Buffer }>();
  const envelopeText = (o: Outcome): string | Buffer => {
    if (o.kind !== 'answer') return JSON.stringify(envelope(o));
    const actions = JSON.stringify(o.actions ?? []);
    const hit = written.get(o.report);
    if (hit?.actions === actions) {
      for (const spec of o.report.charts) link(spec);
      return hit.text;
    }
    const text = Buffer.from(JSON.stringify(envelope(o)));
    written.set(o.report, { actions, text });
    return text;
  };

  const serveFile = async (res: ServerResponse, name: string) => {
    const file = files.get(name);
    if (!file) return sendApi(res, 404, { error: 'not found' });
    const type = TYPES[extname(name)]!;
    sendText(res, 200, type, await readFile(file), type.startsWith('font/') ? 'public, max-age=86400' : 'no-cache');
  };
  http.route('GET', '/', (_req, res) => serveFile(res, 'index.html'));
  http.route('GET', '/static/*', (req, res) => serveFile(res, pathOf(req).slice('/static/'.length)));

  const catalogue = list.map((c) => ({
    name: c.name,
    summary: c.summary,
    usage: usageLine(c),
    args: argDocs(c.args),
    positional: c.positional ?? [],
    examples: c.examples,
  }));
  http.route('GET', '/api/commands', (_req, res) =>
    sendApi(res, 200, { commands: catalogue, previews: Object.keys(previews), data: core.market.kind, demo: core.market.demo }),
  );

  // The "build a command" panel: the same form Slack's modal draws from the same schemas, in the
  // page's language; what it builds is a line, asked through /api/ask like a typed one.
  http.route('GET', '/api/form', (req, res) => {
    const locale = parseLocale(new URL(req.url ?? '/', 'http://x').searchParams.get('lang'));
    const words = locale === 'ko' ? COMMAND_WORDS.ko : {};
    sendApi(res, 200, {
      locale: locale ?? 'en',
      labels: messages(locale).actions.form,
      commands: formCommands(list).map((c) => ({
        name: c.name,
        summary: words[c.name]?.summary ?? c.summary,
        fields: formFields(c).map((f) => {
          const description = words[c.name]?.args[f.name]?.description ?? f.description;
          return { ...f, ...(description ? { description } : {}) };
        }),
      })),
    });
  });

  // Answers are computed on this event loop: a few at a time, each after pending I/O, so 25 asks computing
  // side by side do not hold every other request (a Slack ack, due in 3 s) behind them (`npm run bench`, burst).
  // Only a computation waits (Context.pace): an answer shared with an ask in flight or kept from this minute
  // costs well under a millisecond and is sent at once, not after every computed answer queued before it.
  const answering = pLimit(2);
  const pace: Pace = (compute) => answering(async () => (await yieldToIo(), compute()));
  http.route('POST', '/api/ask', async (req, res) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      // Also keeps other web sites out: a cross-origin JSON post needs a preflight this server never grants.
      return sendApi(res, 415, { error: 'send JSON: content-type application/json, body {"line": "/kospi-stress"}' });
    }
    let json: unknown;
    try {
      json = JSON.parse((await readBody(req, BODY_LIMIT_BYTES)).toString('utf8'));
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      return sendApi(res, 400, { error: 'body is not JSON; send {"line": "/kospi-stress"}' });
    }
    const body = askBody.safeParse(json);
    if (!body.success) {
      const issue = body.error.issues[0]!;
      const message = issue.path.length ? issue.message : 'body must be an object {"line": "/kospi-stress"}';
      return sendApi(res, 400, { error: message.includes('required') ? 'line is required, e.g. {"line": "/kospi-stress"}' : message });
    }
    const asker = `web:${req.socket.remoteAddress ?? 'unknown'}`;
    const who = localOnly ? { channel: asker, pace } : { user: asker, channel: asker, pace };
    const { line, basis } = body.data;
    // A follow-up button is asked like a typed line; only the moved-on note is extra.
    const o = await (basis ? core.act({ line, basis }, who) : core.ask(line, who));
    if (o.kind === 'rate') res.setHeader('retry-after', String(o.retryAfterSec));
    sendApiText(res, o.kind === 'rate' ? 429 : o.kind === 'error' ? 500 : 200, envelopeText(o));
  });

  // The digest is the same for every visitor, so it is computed once per TTL and not charged to anyone.
  let digest: { at: number; ids: string[]; outcome: Promise<Outcome> } | undefined;
  http.route('GET', '/api/digest-preview', async (_req, res) => {
    const t = now();
    if (!digest || t.getTime() - digest.at > (opts.digestTtlMs ?? 60_000)) {
      digest = { at: t.getTime(), ids: [], outcome: core.ask('/digest') };
    }
    const d = digest;
    const o = await d.outcome;
    if (o.kind === 'answer') while (d.ids.length < o.report.charts.length) d.ids.push(randomBytes(12).toString('base64url'));
    const tz = core.config.DIGEST_TZ;
    // From today in Seoul: shortly after midnight there, this morning's 08:30 is still the next post.
    const today = zonedTime(t, tz).date;
    const runs = nextDigestRuns(today, 6, core.config.DIGEST_CRON, tz)
      .filter((r) => r > t)
      .slice(0, 5)
      .map((r) => formatWithOffset(r, tz));
    sendApi(res, o.kind === 'error' ? 500 : 200, { ...envelope(o, d.ids), schedule: { cron: core.config.DIGEST_CRON, tz, from: today, next: runs } });
  });

  http.route('GET', '/charts/*', async (req, res) => {
    const id = CHART_PATH.exec(pathOf(req))?.[1];
    const entry = id === undefined ? undefined : charts.get(id);
    if (!entry) return sendApi(res, 404, { error: 'chart not found (charts are kept for recent answers only; ask again)' });
    let pending = pngs.get(id!);
    // A new spec object each render: the core keeps a PNG as long as its spec object lives (sharingRender),
    // so a link holding the object it rendered held every PNG ever served past this small cache.
    if (!pending) pngs.set(id!, (pending = core.charts(chartOnly(deserialize(entry.spec) as ChartSpec)).then((r) => r[0]?.png)));
    const png = await pending;
    if (!png) pngs.delete(id!);
    if (!png) return sendApi(res, 500, { error: 'chart failed to render' });
    sendText(res, 200, 'image/png', png, 'private, max-age=3600, immutable');
  });
}

export { isLoopbackHost };

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]!;
}

/** The structured part of a non-answer, as the API returns it next to the message. */
function detailOf(o: Exclude<Outcome, { kind: 'answer' }>): Record<string, unknown> {
  switch (o.kind) {
    case 'usage':
      return { example: o.example };
    case 'rate':
      return { retryAfterSec: o.retryAfterSec };
    case 'data':
      return { missing: o.missing };
    case 'error':
      return { ref: o.id };
  }
}

/** Core renders a report's charts; a chart alone is a report with nothing else. */
function chartOnly(spec: ChartSpec): Report {
  return { command: '', title: spec.title, headline: '', tone: 'calm', fields: [], notes: [], charts: [spec], data: {}, sources: [] };
}

