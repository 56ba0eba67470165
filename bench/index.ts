// `npm run bench [-- --json] [-- --no-share] [-- --save-baseline] [-- --bot "node --import tsx src/main.ts"]`:
// speed and memory of the bot. The whole-bot figures come from the bot as `npm start` runs it (compiled, its own
// process; bench/process.ts; --bot runs another start command instead, e.g. the sources under tsx).
// Prints a table with each figure, its target and its ratio to bench/baseline.json; with --json the
// table goes to stderr and stdout holds exactly one JSON object. Timings are the machine's: the load
// average is printed with them (this machine is shared).
//   renderMs*           one 1000×560 two-panel chart (~250 points a line), spec → PNG (bench/render.ts, run in
//                       a process of its own, as the render worker is: no other work skews its timings or memory;
//                       with npm start's allocator variables and node flags, as the worker has them)
//   renderCpuMsP50      the same render's CPU time (every thread): far less inflated than wall time on a shared machine
//   rssMbAfter1000Renders  peak RSS of that process across the 1,000 renders (their PNGs are checked after it)
//   rssMbBot*           RSS of the whole bot process (main thread, DEMO data, render worker) when ready and after
//                       1,000 answers whose chart is fetched (each a render), from /proc (bench/process.ts)
//   commandMs*          line → Report → PNGs of its charts, warm cache (DEMO market), as src/main.ts wires it
//   burst*              200 concurrent /kospi-stress, cold cache, live market on a fake upstream answering in 200 ms
//   startupMs           `node bin/stressbot.js ask /kospi-stress --json` (compiled): spawn to exit (median of 3)
//   startupMsBot        the bot (`node dist/main.js`, no platform) from spawn to its first answered POST /api/ask (median of 3)
//   startupCpuMsBot     the bot's CPU time (all threads) at that answer: start-up's cost, less load-bound
//   startupMsBotSlack   the same with Slack configured (over HTTP, a local fake Slack), as a deployment starts (median of 3)
//   commandMsP99Worst   the slowest command's p99 but /digest's; digestMsP99 /digest's (warm, with its charts)
//   burstAsk*           1,000 asks against one bot process (half POST /api/ask, half signed Slack slash commands),
//                       50 concurrent clients: answered count, Slack ack and /api/ask answer p99. A closed loop of
//                       50 keeps the bot saturated, so its latencies are ~50 ÷ throughput (Little's law)
//   burstFloorAckMsP99  the closed loop against a bare node HTTP server answering at once: the machine's and the
//                       clients' own share of those latencies (the bot's is what it adds above this)
//   openBurst*          the same 1,000 asks as an open loop, 1,000 within one second, each timed from when it was
//                       due: the bot's own latency under a burst
//   ackMsUnderLoadP99   GET /healthz round trips while 20 charts render: through the render pool (as the bot does)
//                       and, for comparison, rendered on the main thread
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';

const started = performance.now();
/** /proc/stat's all-CPU line: the jiffies so far, and those stolen (the hypervisor ran something else while a vCPU had work). */
function cpuJiffies(): { steal: number; total: number } | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    return f.length === 8 && f.every(Number.isFinite) ? { steal: f[7]!, total: f.reduce((a, b) => a + b, 0) } : undefined;
  } catch {
    return undefined; // not Linux
  }
}
const jiffiesAtStart = cpuJiffies();
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASELINE = join(ROOT, 'bench', 'baseline.json');
const { values: flags } = parseArgs({
  options: { json: { type: 'boolean' }, 'no-share': { type: 'boolean' }, 'save-baseline': { type: 'boolean' }, renders: { type: 'string' }, bot: { type: 'string' } },
});
const say = (s: string) => (flags.json ? process.stderr : process.stdout).write(`${s}\n`);
const progress = (s: string) => process.stderr.write(`… ${s}\n`);

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1);
};
const load = () => loadavg().map((x) => +x.toFixed(2));

// ---- start-up: the first thing measured, before this process has loaded the bot ----

/** In this process: loading the bot's modules, building it and answering once (DEMO market built cold). */
async function startupInProcess(): Promise<number> {
  const t = performance.now();
  const { buildCore } = await import('../src/infra/process.ts');
  const { testConfig } = await import('../src/config.ts');
  const { silentLogger } = await import('../src/infra/log.ts');
  const core = buildCore(testConfig(), silentLogger);
  const outcome = await core.ask('/kospi-stress');
  if (outcome.kind !== 'answer') throw new Error(`first answer failed: ${JSON.stringify(outcome)}`);
  return +(performance.now() - t).toFixed(1);
}

/** Runs `node [flags] --import tsx <args>` here, with `env` added; resolves with its stdout and wall time. */
function runNode(args: string[], { env = {}, nodeFlags = [] }: { env?: Record<string, string>; nodeFlags?: string[] } = {}): Promise<{ stdout: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    execFile(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env, DATA_SOURCE: 'demo' }, maxBuffer: 1 << 24 }, (err, stdout) => {
      if (err) return reject(err);
      resolve({ stdout, ms: +(performance.now() - t).toFixed(1) });
    });
  });
}


const inProcessMs = await startupInProcess();
const sinceProcessStartMs = +performance.now().toFixed(1);

// Everything else is imported now (after the in-process start-up was timed).
const { createFakeUpstream, fakeLiveConfig, FAKE_NOW } = await import('./fakeUpstream.ts');
const { createBotCore } = await import('../src/infra/process.ts');
const { createOps } = await import('../src/infra/ops.ts');
const { createHttpServer } = await import('../src/infra/http.ts');
const { silentLogger } = await import('../src/infra/log.ts');
const { testConfig } = await import('../src/config.ts');
const { commands } = await import('../src/commands/registry.ts');
const { renderChart } = await import('../src/render/chart.ts');
const { createRenderPool } = await import('../src/render/pool.ts');
const { kospiStressSpec } = await import('../test/render/example-spec.ts');
type Ops = import('../src/infra/ops.ts').Ops;

/** The bot's core as src/main.ts builds it (unless --no-share: every ask runs and renders on its own). */
function botCore(ops: Ops, config = testConfig(), now?: () => Date) {
  const core = flags['no-share'] ? { ...ops.core, commands: undefined, render: (s: import('../src/core/types.ts').ChartSpec) => ops.pool.render(s) } : ops.core;
  return createBotCore({ config, log: silentLogger, ...core, ...(now ? { now } : {}) });
}

// ---- renders, each bench in a process of its own ----
const renders = Number(flags.renders ?? 1000);
progress(`${renders} renders (bench/render.ts)`);
type RenderBench = Awaited<ReturnType<typeof import('./render.ts').benchRender>>;
// Under npm start's allocator settings and node flags, as the render worker runs: skia's memory handed back soon
// after it is freed (MIMALLOC_PURGE_DELAY) costs renders page faults that a process without them does not pay.
const render = JSON.parse((await runNode(['bench/render.ts', String(renders)], (await import('../scripts/build.mjs')).startSettings())).stdout) as RenderBench;
progress(`the bot as npm start runs it: start-up, ${renders} renders, a burst of 1000 asks (bench/process.ts)`);
const bot = JSON.parse((await runNode(['bench/process.ts', '--renders', String(renders), ...(flags.bot ? ['--bot', flags.bot] : [])])).stdout) as Awaited<ReturnType<typeof import('./process.ts').benchProcess>>;

// ---- commands, warm ----
progress('commands, warm');
/**
 * Each command's example lines, 12 rounds, warm (data built, JIT warm). Computed: the clock steps a
 * minute with every ask, so no kept answer holds (core/share.ts keeps one for its minute) and every
 * ask runs the command and renders its charts. Repeated: the same line again in the same minute, as
 * a desk asking what a colleague just asked gets it (the kept answer, its PNGs already drawn).
 * CPU: this process's CPU time per computed ask (main thread and render worker), which the other
 * load on a shared machine does not inflate.
 */
async function benchCommands() {
  const ops = createOps(testConfig(), silentLogger);
  const start = Date.now();
  let tick = 0;
  const core = createBotCore({ config: testConfig(), log: silentLogger, ...(flags['no-share'] ? { ...ops.core, commands: undefined, render: (s: import('../src/core/types.ts').ChartSpec) => ops.pool.render(s) } : ops.core), now: () => new Date(start + tick * 60_000) });
  const perCommand: Record<string, { p50: number; p99: number; runs: number; charts: number; cpuMs: number; repeatP99: number }> = {};
  const all: number[] = [];
  const timed = async (line: string) => {
    const t = performance.now();
    const o = await core.ask(line);
    if (o.kind !== 'answer') throw new Error(`${line}: ${o.kind}`);
    const charts = (await core.charts(o.report)).length;
    return { ms: performance.now() - t, charts };
  };
  for (const command of commands) {
    const lines: string[] = [];
    for (const line of command.examples) {
      const o = await core.ask(line); // warm-up: data built, JIT warm
      if (o.kind === 'answer') lines.push(line), await core.charts(o.report);
    }
    const times: number[] = [];
    const repeats: number[] = [];
    let charts = 0;
    const cpu0 = process.cpuUsage();
    for (let round = 0; round < 12; round++) {
      for (const line of lines) {
        tick++;
        const r = await timed(line);
        charts = Math.max(charts, r.charts);
        times.push(r.ms);
      }
    }
    const cpu = process.cpuUsage(cpu0);
    for (const line of lines) await core.ask(line); // kept in this minute
    for (let round = 0; round < 12; round++) for (const line of lines) repeats.push((await timed(line)).ms);
    all.push(...times);
    perCommand[command.name] = {
      p50: quantile(times, 0.5), p99: quantile(times, 0.99), runs: times.length, charts,
      cpuMs: +((cpu.user + cpu.system) / 1000 / Math.max(1, times.length)).toFixed(1),
      repeatP99: quantile(repeats, 0.99),
    };
  }
  await ops.close();
  return { commandMsP50: quantile(all, 0.5), commandMsP99: quantile(all, 0.99), perCommand };
}
const cmd = await benchCommands();

// ---- burst: 200 concurrent /kospi-stress against a cold cache and a 200 ms upstream ----
progress('burst');
async function benchBurst() {
  const fake = createFakeUpstream({ delayMs: 200 });
  const config = fakeLiveConfig();
  const ops = createOps(config, silentLogger, { live: { dispatcher: fake.agent, now: () => FAKE_NOW } });
  // The asks on the fake's clock too: on a real clock inside KRX hours each would add today's intraday quote.
  const core = botCore(ops, config, () => FAKE_NOW);
  await ops.pool.render(kospiStressSpec(250, { width: 1000, height: 560 })); // the worker booted, as in a running bot
  const t = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: 200 }, async () => {
      const o = await core.ask('/kospi-stress');
      if (o.kind === 'answer') await core.charts(o.report);
      return o.kind;
    }),
  );
  const wall = performance.now() - t;
  const answered = outcomes.filter((k) => k === 'answer').length;
  const result = { burstUpstreamRequests: fake.counts.total, burstSeries: 3, burstAnswers: answered, burstWallMs: +wall.toFixed(1) };
  await ops.close();
  await fake.close();
  return result;
}
const burst = await benchBurst();

// ---- ack latency while 20 charts render ----
progress('ack latency under render load');
async function ackUnderLoad(renderFn: (spec: import('../src/core/types.ts').ChartSpec) => Promise<Buffer>) {
  const http = createHttpServer(silentLogger);
  const { port } = await http.listen(0, '127.0.0.1');
  const agent = new Agent({ connections: 1 });
  const url = `http://127.0.0.1:${port}/healthz`;
  const ping = async () => {
    const t = performance.now();
    const res = await request(url, { dispatcher: agent });
    await res.body.text();
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) await ping();
  const specs = Array.from({ length: 20 }, () => kospiStressSpec(250, { width: 1000, height: 560 }));
  let done = false;
  const rendering = Promise.all(specs.map(renderFn)).finally(() => (done = true));
  const acks: number[] = [];
  while (!done) acks.push(await ping());
  await rendering;
  await agent.close();
  await http.close();
  return { p50: quantile(acks, 0.5), p99: quantile(acks, 0.99), max: +Math.max(...acks).toFixed(1), n: acks.length };
}
const pool = createRenderPool();
await pool.render(kospiStressSpec(250, { width: 1000, height: 560 }));
const ackPool = await ackUnderLoad((s) => pool.render(s));
await pool.close();
const ackMain = await ackUnderLoad(renderChart);

// ---- the figures ----
const result = {
  renderMsP50: render.renderMsP50,
  renderMsP99: render.renderMsP99,
  renderCpuMsP50: render.renderCpuMsP50,
  commandMsP50: cmd.commandMsP50,
  commandMsP99: cmd.commandMsP99,
  burstUpstreamRequests: burst.burstUpstreamRequests,
  burstWallMs: burst.burstWallMs,
  startupMs: bot.startupMsCli,
  startupMsBot: bot.startupMsBot,
  startupCpuMsBot: bot.startupCpuMsBot,
  startupMsBotSlack: bot.startupMsBotSlack,
  startupCpuMsBotSlack: bot.startupCpuMsBotSlack,
  commandMsP99Worst: Math.max(...Object.entries(cmd.perCommand).filter(([n]) => n !== 'digest').map(([, c]) => c.p99)),
  digestMsP99: cmd.perCommand.digest?.p99 ?? NaN,
  rssMbAfter1000Renders: render.rssMbPeak,
  rssMbBotReady: bot.rssMbBotReady,
  rssMbBotAfter1000Renders: bot.rssMbBotAfter1000Renders,
  rssMbBotPeak: bot.rssMbBotPeak,
  burstAskAnswered: bot.burstAnswered,
  burstAskAckMsP99: bot.burstAckMsP99,
  burstAskApiMsP99: bot.burstApiMsP99,
  burstAskBotCpuMsPerAsk: bot.burstBotCpuMsPerAsk,
  openBurstAckMsP99: bot.openBurstAckMsP99,
  openBurstApiMsP99: bot.openBurstApiMsP99,
  burstFloorAckMsP99: bot.burstFloorAckMsP99,
  ackMsUnderLoadP99: ackPool.p99,
  ackMsUnderLoadP99InProcess: ackMain.p99,
  startupMsInProcess: inProcessMs,
  startupMsSinceProcessStart: sinceProcessStartMs,
  burstSeries: burst.burstSeries,
  burstAnswers: burst.burstAnswers,
  perCommand: cmd.perCommand,
  renderSyncMsP50: render.syncMsP50,
  renders: render.renders,
  rss: { renderProcess: { beforeMb: render.rssMbBefore, peakMb: render.rssMbPeak, afterMb: render.rssMbAfter } },
  bot,
  ack: { pool: ackPool, inProcess: ackMain },
  shared: !flags['no-share'],
  machine: { cpus: availableParallelism(), loadAvg: load(), node: process.version, pageFaultUs: NaN, nodeBootMs: NaN, deflate4MbMs: NaN, stealPercent: NaN },
  benchSeconds: 0,
};
// ---- the machine itself: the same code measured 2× apart on two machines of one kind, so each run says how fast
// its machine was (no targets; compare figures across runs on one machine, or scale by these) ----
/** µs per first touch of a fresh page: a fresh 64 MiB buffer (calloc'd, so mapped but untouched), one byte per 4 KiB. */
function pageFaultUs(): number {
  const pages = (64 << 20) / 4096;
  const t = performance.now();
  const b = Buffer.alloc(64 << 20);
  for (let i = 0; i < b.length; i += 4096) b[i] = 1;
  return +(((performance.now() - t) * 1000) / pages).toFixed(2);
}
function nodeBootMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    execFile(process.execPath, ['-e', '0'], (err) => (err ? reject(err) : resolve(performance.now() - t)));
  });
}
/** zlib level 1 (the PNG writer's) over 4 MB of a fixed pattern, on this thread. */
function deflateMs(): number {
  const input = Buffer.alloc(4e6);
  for (let i = 0; i < input.length; i++) input[i] = (i * 7) % 251;
  const t = performance.now();
  for (let i = 0; i < 5; i++) deflateSync(input, { level: 1 });
  return +((performance.now() - t) / 5).toFixed(1);
}
const median3 = (xs: number[]) => +[...xs].sort((a, b) => a - b)[1]!.toFixed(1);
result.machine.pageFaultUs = median3([pageFaultUs(), pageFaultUs(), pageFaultUs()]);
result.machine.nodeBootMs = median3([await nodeBootMs(), await nodeBootMs(), await nodeBootMs()]);
result.machine.deflate4MbMs = deflateMs();
result.benchSeconds = Math.round((performance.now() - started) / 1000);
// A shared VM's host takes CPU time that the wall-clock figures include (CPU figures do not): in one full run on a 2-core VM
// (2026-12-03) 17.6 % of the machine's time was stolen, which the machine's three probes, a moment each, cannot show.
const jiffiesAtEnd = cpuJiffies();
if (jiffiesAtStart && jiffiesAtEnd && jiffiesAtEnd.total > jiffiesAtStart.total)
  result.machine.stealPercent = +((100 * (jiffiesAtEnd.steal - jiffiesAtStart.steal)) / (jiffiesAtEnd.total - jiffiesAtStart.total)).toFixed(1);

// ---- the table ----
type Key = keyof typeof result;
const ROWS: [Key, string, string, ((v: number) => boolean)?][] = [
  ['renderMsP50', 'ms', '≤ 5', (v) => v <= 5],
  ['renderMsP99', 'ms', ''],
  ['renderCpuMsP50', 'ms', 'CPU, less load-bound'],
  ['commandMsP50', 'ms', '≤ 60', (v) => v <= 60],
  ['commandMsP99', 'ms', '≤ 80 (all asks)', (v) => v <= 80],
  ['burstUpstreamRequests', 'req', `= ${burst.burstSeries} (one per series)`, (v) => v === burst.burstSeries],
  ['burstWallMs', 'ms', '< 1000', (v) => v < 1000],
  ['commandMsP99Worst', 'ms', '≤ 60 every command', (v) => v <= 60],
  ['digestMsP99', 'ms', '≤ 80', (v) => v <= 80],
  ['startupMs', 'ms', '≤ 300 (CLI answer)', (v) => v <= 300],
  ['startupMsBot', 'ms', '≤ 300 (bot 1st answer)', (v) => v <= 300],
  ['startupCpuMsBot', 'ms', 'CPU, less load-bound'],
  ['startupMsBotSlack', 'ms', '≤ 300 (bot on Slack, 1st answer)', (v) => v <= 300],
  ['startupCpuMsBotSlack', 'ms', 'CPU, less load-bound'],
  ['startupMsInProcess', 'ms', ''],
  ['rssMbAfter1000Renders', 'MB', 'render bench process'],
  ['rssMbBotReady', 'MB', '≤ 200 whole bot', (v) => v <= 200],
  ['rssMbBotAfter1000Renders', 'MB', '≤ 200 whole bot', (v) => v <= 200],
  ['rssMbBotPeak', 'MB', 'high-water mark'],
  ['burstAskAnswered', 'asks', `= ${bot.burstAsks} answered`, (v) => v === bot.burstAsks],
  ['burstAskAckMsP99', 'ms', '≤ 50 (Slack ack, 50 senders)', (v) => v <= 50],
  ['burstAskApiMsP99', 'ms', '≤ 50 (/api/ask, 50 senders)', (v) => v <= 50],
  ['openBurstAckMsP99', 'ms', '≤ 50 (Slack ack, 1000 in 1 s)', (v) => v <= 50],
  ['openBurstApiMsP99', 'ms', '≤ 50 (/api/ask, 1000 in 1 s)', (v) => v <= 50],
  ['burstFloorAckMsP99', 'ms', 'bare node server, 50 senders: the floor'],
  ['burstAskBotCpuMsPerAsk', 'ms', 'bot CPU per burst ask'],
  ['ackMsUnderLoadP99', 'ms', 'pool'],
  ['ackMsUnderLoadP99InProcess', 'ms', 'main thread'],
];
const baseline: Partial<Record<Key, number>> = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')) : {};
const vsBaseline: Record<string, number> = {};
say(`stressbot bench — ${result.machine.cpus} cores, load average ${result.machine.loadAvg.join(' ')}, node ${process.version}${flags['no-share'] ? ', sharing OFF' : ''}`);
say(`machine: a first touch of a page ${result.machine.pageFaultUs} µs, \`node -e 0\` ${result.machine.nodeBootMs} ms, zlib level 1 over 4 MB ${result.machine.deflate4MbMs} ms${Number.isFinite(result.machine.stealPercent) ? `, ${result.machine.stealPercent} % of its CPU time taken by the host during the run (steal)` : ''} (how fast this machine is: compare figures between runs on one machine)`);
say(`${'figure'.padEnd(28)}${'value'.padStart(10)}  ${'target'.padEnd(36)}${'vs baseline'.padStart(12)}`);
for (const [key, unit, target, ok] of ROWS) {
  const v = result[key] as number;
  const base = baseline[key];
  const ratio = typeof base === 'number' && base > 0 ? v / base : undefined;
  if (ratio !== undefined) vsBaseline[key] = +ratio.toFixed(2);
  const verdict = ok ? (ok(v) ? ' ok' : ' MISS') : '';
  say(`${key.padEnd(28)}${`${v} ${unit}`.padStart(10)}  ${`${target}${verdict}`.padEnd(36)}${ratio !== undefined ? `${ratio.toFixed(2)}× baseline`.padStart(12) : ''}`);
}
say('per command (warm, computed with charts): p50 / p99 ms, p99 target ≤ 60 (/digest ≤ 80); CPU ms per ask (this process + render worker); p99 of the same ask repeated in its minute (kept answer)');
for (const [name, c] of Object.entries(cmd.perCommand)) {
  const ok = c.p99 <= (name === 'digest' ? 80 : 60) ? 'ok' : 'MISS';
  say(`  ${name.padEnd(16)}${String(c.p50).padStart(7)} /${String(c.p99).padStart(7)}  ${ok.padEnd(5)} cpu ${String(c.cpuMs).padStart(5)}  repeated p99 ${String(c.repeatP99).padStart(5)}  ${c.charts} chart(s), ${c.runs} runs`);
}
say(`ack under load (GET /healthz while 20 charts render): pool p50 ${ackPool.p50} p99 ${ackPool.p99} max ${ackPool.max} ms (${ackPool.n} acks); main thread p50 ${ackMain.p50} p99 ${ackMain.p99} max ${ackMain.max} ms (${ackMain.n} acks)`);
say(`memory: render process ${render.rssMbBefore} MB after warm-up → peak ${render.rssMbPeak} → ${render.rssMbAfter} MB after ${render.renders} renders; whole bot (${flags.bot ?? 'node dist/main.js'}) ${bot.rssMbBotReady} MB ready → ${bot.rssMbBotAfter1000Renders} MB after ${bot.renders} renders (peak ${bot.rssMbBotPeakDuringRenders}) → ${bot.rssMbBotAfterBurst} MB after the burst; high-water ${bot.rssMbBotPeak} MB`);
say(`bot start-up: CLI answer ${bot.startupMsCli} ms, bot first /api/ask answer ${bot.startupMsBot} ms (${bot.startupCpuMsBot} ms CPU), on Slack ${bot.startupMsBotSlack} ms (${bot.startupCpuMsBotSlack} ms CPU); SIGTERM to exit ${bot.shutdownMs} ms`);
say(`burst of ${bot.burstAsks} asks (${bot.burstClients} clients on a thread of their own): ${bot.burstApiAnswered} /api/ask answered (to headers p50 ${bot.burstApiMsP50}, p99 ${bot.burstApiMsP99} ms), ${bot.burstSlackAcked} Slack acks (p50 ${bot.burstAckMsP50}, p99 ${bot.burstAckMsP99} ms) and ${bot.burstSlackAnsweredInThread} answered in their thread; all sent in ${bot.burstSendMs} ms, all answered in ${bot.burstAllAnsweredMs} ms; bot CPU ${bot.burstBotCpuMs} ms (${bot.burstBotCpuMsPerAsk} ms per ask)`);
say(`floor: the same 50 senders against a bare node HTTP server answering at once: ack p50 ${bot.burstFloorAckMsP50}, p99 ${bot.burstFloorAckMsP99} ms; /api/ask p99 ${bot.burstFloorApiMsP99} ms`);
say(`open-loop burst of ${bot.burstAsks} asks, ${bot.openBurstPerSecond} a second: ${bot.openBurstAnswered} answered in ${bot.openBurstAllAnsweredMs} ms; Slack ack p50 ${bot.openBurstAckMsP50}, p99 ${bot.openBurstAckMsP99} ms; /api/ask to headers p50 ${bot.openBurstApiMsP50}, p99 ${bot.openBurstApiMsP99} ms (each timed from when it was due to leave)`);
say(`burst: ${burst.burstAnswers}/200 answered, ${burst.burstUpstreamRequests} upstream requests for ${burst.burstSeries} series (KOSPI, NDX, VIX; VKOSPI is KRX-only and needs a key)`);

if (flags['save-baseline']) {
  writeFileSync(BASELINE, `${JSON.stringify(Object.fromEntries(ROWS.map(([k]) => [k, result[k]])), null, 2)}\n`);
  say(`baseline written: ${BASELINE}`);
}
if (flags.json) process.stdout.write(`${JSON.stringify({ ...result, vsBaseline })}\n`);
process.exit(0);
