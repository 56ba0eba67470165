// The playground's endpoints over real HTTP on 127.0.0.1: the real core, registry, DEMO market and renderer.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBotCore } from '../../../src/infra/process.ts';
import type { Core } from '../../../src/core/pipeline.ts';
import { createHttpServer, type HttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import type { RateLimiter } from '../../../src/infra/rateLimit.ts';
import { outcomeMessage, reportBlocks } from '../../../src/bot/slack/blocks.ts';
import { answerMessage } from '../../../src/bot/discord/embed.ts';
import { EPHEMERAL, restMessage } from '../../../src/bot/discord/answer.ts';
import { CSP, mountPlayground, slackPreview, type PlaygroundOptions } from '../../../src/bot/web/index.ts';
import { argDocs, usageLine } from '../../../src/core/schema.ts';
import { help } from '../../../src/commands/help.ts';
import { commands } from '../../../src/commands/registry.ts';
import { testConfig } from '../../../src/config.ts';
import { demoMarket } from '../../../src/data/demo.ts';
import { renderChart } from '../../../src/render/chart.ts';
import { sharingCommands, sharingRender } from '../../../src/core/share.ts';
import type { ChartSpec, Command } from '../../../src/core/types.ts';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const STATIC = new URL('../../../src/bot/web/static/', import.meta.url);

interface Served {
  base: string;
  core: Core;
  close: () => Promise<void>;
}
const servers: Served[] = [];

async function serve(core: Core, opts?: PlaygroundOptions): Promise<Served> {
  const http: HttpServer = createHttpServer(silentLogger);
  mountPlayground(http, core, opts);
  const { port } = await http.listen(0, '127.0.0.1');
  const s = { base: `http://127.0.0.1:${port}`, core, close: () => http.close() };
  servers.push(s);
  return s;
}

const demoCore = (env: Record<string, string> = {}, extra: Partial<Parameters<typeof createBotCore>[0]> = {}) =>
  createBotCore({ config: testConfig(env), log: silentLogger, market: demoMarket(), render: renderChart, ...extra });

const ask = (base: string, body: string, type = 'application/json') =>
  fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': type }, body });

/** A raw GET, so the path reaches the server as typed (fetch would resolve `..`). */
function rawGet(base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian). */
const pngSize = (b: Buffer) => ({ width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('page and static files', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve(demoCore());
  });

  it('serves the page with a strict CSP and the right content types', async () => {
    const page = await fetch(`${s.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(CSP);
    expect(csp.split(';').map((d) => d.trim())).toEqual(expect.arrayContaining(["default-src 'self'", "img-src 'self' data:"]));
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<script type="module" src="/static/app.js">');

    for (const [path, type] of [
      ['/static/app.js', 'text/javascript; charset=utf-8'],
      ['/static/style.css', 'text/css; charset=utf-8'],
      ['/static/favicon.svg', 'image/svg+xml'],
      ['/static/fonts/Pretendard-Regular.woff2', 'font/woff2'],
    ] as const) {
      const r = await fetch(`${s.base}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toBe(type);
      expect(r.headers.get('content-security-policy'), path).toBe(CSP);
    }
  });

  it('serves nothing outside its own files', async () => {
    for (const path of ['/static/nope.js', '/static/../index.ts', '/static/..%2Findex.ts', '/static/%2e%2e/index.ts', '/static/', '/static/fonts/x.woff2']) {
      expect(await rawGet(s.base, path), path).toBe(404);
    }
  });

  it('loads nothing from outside: every URL in the page, script and style is this server’s', () => {
    const html = readFileSync(new URL('index.html', STATIC), 'utf8');
    const css = readFileSync(new URL('style.css', STATIC), 'utf8');
    const js = readFileSync(new URL('app.js', STATIC), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g), ...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(3);
    for (const ref of refs) expect(ref, ref).toMatch(/^\/static\//);
    expect(js).not.toMatch(/https?:\/\//);
    // No inline script or style: the CSP would block them.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=/);
    expect(js).not.toMatch(/innerHTML|insertAdjacentHTML|eval\(/);
  });
});

describe('GET /api/commands', () => {
  it('lists every command with its usage line, arguments (defaults as typed) and examples', async () => {
    const s = await serve(demoCore());
    const body = (await (await fetch(`${s.base}/api/commands`)).json()) as {
      commands: { name: string; usage: string; args: unknown[]; examples: string[]; summary: string }[];
      previews: string[];
      demo: boolean;
    };
    expect(body.commands.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    for (const c of commands) {
      const listed = body.commands.find((x) => x.name === c.name)!;
      expect(listed.usage).toBe(usageLine(c));
      expect(listed.args).toEqual(JSON.parse(JSON.stringify(argDocs(c.args))));
      expect(listed.examples).toEqual(c.examples);
      expect(listed.summary).toBe(c.summary);
    }
    expect(body.previews).toEqual(['slack', 'discord']);
    expect(body.demo).toBe(true);
  });
});

describe('POST /api/ask', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve(demoCore());
  });

  it('answers /kospi-stress as the public JSON shape, charts as PNG URLs, and the real Block Kit', async () => {
    const r = await ask(s.base, JSON.stringify({ line: '/kospi-stress' }));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await r.json()) as {
      outcome: string;
      report: { command: string; headline: string; fields: unknown[]; sources: unknown[]; charts: { url: string; width: number; height: number }[] };
      previews: { slack: unknown; discord: unknown };
    };
    expect(body.outcome).toBe('answer');
    expect(Object.keys(body.report).sort()).toEqual(['charts', 'command', 'data', 'fields', 'headline', 'notes', 'sources', 'title', 'tone']);
    expect(body.report.command).toBe('kospi-stress');
    expect(body.report.headline).toMatch(/KOSPI stress \d+\/100/);

    const direct = await s.core.ask('/kospi-stress');
    if (direct.kind !== 'answer') throw new Error(direct.message);
    expect(body.previews.slack).toEqual(JSON.parse(JSON.stringify(reportBlocks(direct.report))));
    // Discord's body as its adapter sends it with the real rendered charts: the preview needs no rendering to match.
    const discord = restMessage(answerMessage(direct.report, await s.core.charts(direct.report))).body;
    expect(body.previews.discord).toEqual(JSON.parse(JSON.stringify(discord)));
    expect(body.previews.discord).toMatchObject({ embeds: [{ image: { url: 'attachment://chart-1.png' } }], attachments: [{ filename: 'chart-1.png' }] });
    expect(body.report.fields).toEqual(direct.report.fields);

    expect(body.report.charts).toHaveLength(direct.report.charts.length);
    const chart = body.report.charts[0]!;
    expect(chart.url).toMatch(/^\/charts\/[A-Za-z0-9_-]{16}\.png$/);
    const png = await fetch(`${s.base}${chart.url}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(PNG_MAGIC);
    // The renderer may draw at a higher pixel ratio; the page only needs the stated aspect and ≥ 1000 px.
    const size = pngSize(bytes);
    expect(size.width).toBeGreaterThanOrEqual(1000);
    expect(size.width / size.height).toBeCloseTo(chart.width / chart.height, 2);
    // Served again from the cache, byte for byte.
    expect(Buffer.from(await (await fetch(`${s.base}${chart.url}`)).arrayBuffer())).toEqual(bytes);
  });

  it('says a usage error in one line with an example, and previews it as Slack would post it', async () => {
    const body = (await (await ask(s.base, JSON.stringify({ line: '/kospi-stress window=abc' }))).json()) as {
      outcome: string; message: string; previews: { slack: unknown; discord: unknown }; report?: unknown;
    };
    expect(body.outcome).toBe('usage');
    expect(body.message).toMatch(/^\/kospi-stress: window=abc .+ Example: \/kospi-stress/);
    expect(body.message).not.toContain('\n');
    expect(body.report).toBeUndefined();
    expect(body.previews.slack).toEqual(outcomeMessage({ kind: 'usage', audience: 'asker', message: body.message, example: '/kospi-stress' }));
    // Discord shows usage errors to the asker alone.
    expect(body.previews.discord).toEqual({ content: body.message, flags: EPHEMERAL });
  });

  it('rejects bad bodies with 400/413/415 and one line, never a stack trace', async () => {
    const cases: [string, string, number][] = [
      ['not json', 'application/json', 400],
      ['{}', 'application/json', 400],
      ['{"line": 5}', 'application/json', 400],
      ['[1, 2]', 'application/json', 400],
      ['null', 'application/json', 400],
      [JSON.stringify({ line: 'x'.repeat(5000) }), 'application/json', 413],
      ['{"line": "/help"}', 'text/plain', 415],
    ];
    for (const [body, type, status] of cases) {
      const r = await ask(s.base, body, type);
      expect(r.status, body.slice(0, 20)).toBe(status);
      const json = (await r.json()) as { error: string };
      expect(json.error, body.slice(0, 20)).toMatch(/^[^\n]{5,200}$/);
      expect(json.error).not.toMatch(/\bat .+:\d+/);
    }
    // Missing line says what to send.
    expect(((await (await ask(s.base, '{}')).json()) as { error: string }).error).toContain('line');
  });
});

describe('charts cache', () => {
  it('404s an unknown chart id', async () => {
    const s = await serve(demoCore());
    expect((await fetch(`${s.base}/charts/nope.png`)).status).toBe(404);
    expect((await fetch(`${s.base}/charts/AAAAAAAAAAAAAAAA.png`)).status).toBe(404);
  });

  it("keeps every answer's chart link however many newer charts follow (PNGs beyond the render cache are drawn again)", async () => {
    // The old site-wide 64-slot LRU lost 36 of 100 links; here 100 answers with a render cache of 2.
    let renders = 0;
    const render = async (spec: ChartSpec) => (renders++, renderChart(spec));
    const s = await serve(demoCore({ RATE_LIMIT_PER_MIN: '1000' }, { render }), { chartCacheSize: 2 });
    const urls: string[] = [];
    for (let i = 0; i < 100; i++) {
      const r = (await (await ask(s.base, JSON.stringify({ line: '/theta days=' + (10 + i) }))).json()) as { report: { charts: { url: string }[] } };
      urls.push(...r.report.charts.map((c) => c.url));
    }
    expect(urls.length).toBeGreaterThanOrEqual(100);
    const first = await fetch(`${s.base}${urls[0]}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    // The newest and a middle one too, after the first pushed both out of the two-PNG cache.
    for (const url of [urls.at(-1)!, urls[50]!]) expect((await fetch(`${s.base}${url}`)).status).toBe(200);
    const before = renders;
    expect((await fetch(`${s.base}${urls[0]}`)).status).toBe(200); // evicted PNG: drawn again from its spec
    expect(renders).toBe(before + 1);
  });

  it('holds no PNG past its render cache, with the bot\'s shared renderer (a link keeps its spec, not its PNG)', async () => {
    // The bot renders through sharingRender, which keeps a PNG while its spec object lives; links keep
    // their spec for a day, so a render of the linked object itself held every PNG ever served.
    let renders = 0;
    const render = sharingRender(async (spec: ChartSpec) => (renders++, renderChart(spec)));
    const s = await serve(demoCore({ RATE_LIMIT_PER_MIN: '1000' }, { render }), { chartCacheSize: 1 });
    const urlOf = async (line: string) =>
      ((await (await ask(s.base, JSON.stringify({ line }))).json()) as { report: { charts: { url: string }[] } }).report.charts[0]!.url;
    const [first, second] = [await urlOf('/kospi-stress'), await urlOf('/kospi-stress asof=2025-04-07')];
    for (const url of [first, second]) expect((await fetch(`${s.base}${url}`)).status).toBe(200);
    expect(renders).toBe(2);
    expect((await fetch(`${s.base}${first}`)).status).toBe(200); // pushed out of the one-PNG cache: drawn again
    expect(renders).toBe(3);
  });

  it('forgets the oldest links past their bound in bytes (a memory limit, not a 64-chart window)', async () => {
    // one /kospi-stress chart's spec is ~11 kB as bytes: 16 kB holds one link, not two
    const s = await serve(demoCore(), { chartLinkBytes: 16_000 });
    const urlOf = async (line: string) =>
      ((await (await ask(s.base, JSON.stringify({ line }))).json()) as { report: { charts: { url: string }[] } }).report.charts[0]!.url;
    const first = await urlOf('/kospi-stress');
    const second = await urlOf('/kospi-stress asof=2025-04-07');
    expect((await fetch(`${s.base}${first}`)).status).toBe(404);
    expect((await fetch(`${s.base}${second}`)).status).toBe(200);
  });

  it('renders each chart once, however many times it is fetched at once', async () => {
    let renders = 0;
    const render = async (spec: ChartSpec) => {
      renders++;
      return renderChart(spec);
    };
    const s = await serve(demoCore({}, { render }));
    const body = (await (await ask(s.base, JSON.stringify({ line: '/kospi-stress' }))).json()) as { report: { charts: { url: string }[] } };
    expect(renders).toBe(0); // on demand: nothing drawn until the page asks for the image
    const url = `${s.base}${body.report.charts[0]!.url}`;
    const statuses = await Promise.all([1, 2, 3].map(async () => (await fetch(url)).status));
    expect(statuses).toEqual([200, 200, 200]);
    expect(renders).toBe(1);
  });
});

describe('pacing', () => {
  it('computes two answers at a time, and sends a kept answer at once instead of after them', async () => {
    const gateArgs = z.object({ n: z.string() });
    const started: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const gated: Command<typeof gateArgs> = {
      name: 'gated', summary: 'waits for the test unless n=kept', args: gateArgs, examples: ['/gated n=1'],
      async run(a) {
        started.push(a.n);
        if (a.n !== 'kept') await gate;
        return { command: 'gated', title: 'gated', headline: `n=${a.n}`, tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [] };
      },
    };
    const now = new Date('2025-01-03T01:00:10Z');
    const s = await serve(demoCore({ RATE_LIMIT_PER_MIN: '1000' }, { commands: sharingCommands([gated]), now: () => now }));
    const headline = async (r: Response) => ((await r.json()) as { report: { headline: string } }).report.headline;
    expect(await headline(await ask(s.base, JSON.stringify({ line: '/gated n=kept' })))).toBe('n=kept');
    const slow = ['1', '2', '3'].map((n) => ask(s.base, JSON.stringify({ line: `/gated n=${n}` })));
    for (let i = 0; i < 100 && started.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual(['kept', '1', '2']); // the third waits for a turn
    // The kept answer is answered while both turns are taken.
    expect(await headline(await ask(s.base, JSON.stringify({ line: '/gated n=kept' })))).toBe('n=kept');
    expect(started).toEqual(['kept', '1', '2']);
    open();
    expect(await Promise.all(slow.map(async (r) => headline(await r)))).toEqual(['n=1', 'n=2', 'n=3']);
  });
});

describe('rate limit', () => {
  const noArgs = z.object({});
  const ping: Command<typeof noArgs> = {
    name: 'ping', summary: 'p', args: noArgs, examples: ['/ping'],
    async run() {
      return { command: 'ping', title: 'pong', headline: 'pong', tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [] };
    },
  };

  it('charges the asker web:<remote address> through the core and answers "rate" with 429 past the limit', async () => {
    const keys: string[] = [];
    let left = 2;
    const limiter: RateLimiter = {
      async take(key) {
        keys.push(key);
        return left-- > 0 ? { ok: true, retryAfterSec: 0 } : { ok: false, retryAfterSec: 42 };
      },
    };
    const s = await serve(demoCore({ RATE_LIMIT_LOCAL: '1' }, { limiter, commands: [ping] }));
    const outcomes: string[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await ask(s.base, JSON.stringify({ line: '/ping' }));
      outcomes.push(((await last.clone().json()) as { outcome: string }).outcome);
    }
    expect(outcomes).toEqual(['answer', 'answer', 'rate']);
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toBe('42');
    expect(((await last!.json()) as { message: string }).message).toContain('42s');
    expect(keys).toEqual(['web:127.0.0.1', 'web:127.0.0.1', 'web:127.0.0.1']);
  });

  it('with the real limiter: RATE_LIMIT_PER_MIN=2 answers twice, then "rate" (HOST bound wider than loopback)', async () => {
    const s = await serve(demoCore({ RATE_LIMIT_PER_MIN: '2', HOST: '0.0.0.0' }, { commands: [ping] }));
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push(((await (await ask(s.base, '{"line": "/ping"}')).json()) as { outcome: string }).outcome);
    expect(kinds).toEqual(['answer', 'answer', 'rate']);
  });

  it('a playground bound to loopback is not limited (unless RATE_LIMIT_LOCAL); /help and usage errors never count', async () => {
    const kinds = async (env: Record<string, string>, lines: string[]) => {
      const list = [ping, help as unknown as Command];
      const s = await serve(demoCore({ RATE_LIMIT_PER_MIN: '2', ...env }, { commands: list }));
      const out: string[] = [];
      for (const line of lines) out.push(((await (await ask(s.base, JSON.stringify({ line }))).json()) as { outcome: string }).outcome);
      return out;
    };
    expect(await kinds({}, Array(5).fill('/ping'))).toEqual(Array(5).fill('answer'));
    expect(await kinds({ RATE_LIMIT_LOCAL: '1' }, ['/ping', '/ping', '/ping'])).toEqual(['answer', 'answer', 'rate']);
    // Limited, yet help and mistakes are free: 2 pings fit however many of the others come first.
    const helpFirst = ['/help', '/help', '/ping wat=1', '/nope', '/help', '/ping', '/ping', '/ping'];
    expect(await kinds({ RATE_LIMIT_LOCAL: '1' }, helpFirst)).toEqual(['answer', 'answer', 'usage', 'usage', 'answer', 'answer', 'answer', 'rate']);
  });
});

describe('GET /api/digest-preview', () => {
  it('shows the /digest answer and the next 5 runs in DIGEST_TZ, with offsets', async () => {
    // Friday 2026-11-20 21:00 in Seoul: today's 08:30 has passed, so the runs are Mon-Fri of the next week at 08:30 +09:00
    // (no KRX holiday falls in 2026-11-23..27).
    const now = () => new Date('2026-11-20T12:00:00Z');
    const s = await serve(demoCore({ RATE_LIMIT_PER_MIN: '1' }, { now }), { now, previews: { slack: slackPreview, extra: (o) => ({ kind: o.kind }) } });
    const r = await fetch(`${s.base}/api/digest-preview`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      outcome: string; report: { command: string; headline: string; charts: { url: string }[] };
      schedule: { next: string[]; tz: string; cron: string; from: string }; previews: Record<string, unknown>;
    };
    expect(body.schedule).toEqual({
      cron: '30 8 * * 1-5',
      tz: 'Asia/Seoul',
      from: '2026-11-20',
      next: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'].map((d) => `${d}T08:30:00+09:00`),
    });
    expect(body.outcome).toBe('answer');
    expect(body.report.command).toBe('digest');
    expect(body.report.headline).toMatch(/KOSPI stress \d+\/100/);
    expect(body.previews.extra).toEqual({ kind: 'answer' });
    expect(body.report.charts.length).toBeGreaterThan(0);
    const png = await fetch(`${s.base}${body.report.charts[0]!.url}`);
    expect(png.headers.get('content-type')).toBe('image/png');

    // Reused within its TTL (same chart ids) and charged to nobody: the web asker's one ask a minute is still there.
    const again = (await (await fetch(`${s.base}/api/digest-preview`)).json()) as typeof body;
    expect(again.report.charts.map((c) => c.url)).toEqual(body.report.charts.map((c) => c.url));
    expect(((await (await ask(s.base, '{"line": "/help"}')).json()) as { outcome: string }).outcome).toBe('answer');
  });

  it('shortly after midnight in Seoul, this morning\'s 08:30 is the next run', async () => {
    // 2026-11-26T15:30Z is Friday 2026-11-27 00:30 in Seoul.
    const now = () => new Date('2026-11-26T15:30:00Z');
    const s = await serve(demoCore({}, { now }), { now });
    const body = (await (await fetch(`${s.base}/api/digest-preview`)).json()) as { schedule: { next: string[] } };
    expect(body.schedule.next.slice(0, 2)).toEqual(['2026-11-27T08:30:00+09:00', '2026-11-30T08:30:00+09:00']);
  });
});
