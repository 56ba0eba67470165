// `npm run soak [-- --commands 10000] [-- --fail-rate 0.1]`: a long run of mixed commands through the bot's core
// (router, sharing, metrics, render pool — the wiring of src/main.ts) against a live market whose fake
// upstream fails 10 % of requests. The cache clock runs fast, so entries expire and reload throughout
// (every failure path: retries, fallbacks, stale-if-error). Prints memory at intervals and the answers
// by outcome; exits 1 if an ask never got an Outcome, an internal error occurred, or the heap grew
// beyond the bound. Stops by itself (deadline below).
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createBotCore } from '../src/infra/process.ts';
import { silentLogger } from '../src/infra/log.ts';
import { createOps } from '../src/infra/ops.ts';
import type { Outcome } from '../src/core/router.ts';
import { commands } from '../src/commands/registry.ts';
import { createSeriesCache } from '../src/data/cache.ts';
import { mulberry32 } from '../src/data/demo.ts';
import { createFakeUpstream, fakeLiveConfig, FAKE_NOW } from './fakeUpstream.ts';

const { values } = parseArgs({ options: { commands: { type: 'string' }, 'fail-rate': { type: 'string' }, concurrency: { type: 'string' } } });
const TOTAL = Number(values.commands ?? 10_000);
const FAIL_RATE = Number(values['fail-rate'] ?? 0.1);
const CONCURRENCY = Number(values.concurrency ?? 16);
const DEADLINE_MS = 5 * 60_000 - 15_000;
const ASK_TIMEOUT_MS = 30_000;
/** Heap (after a full GC) may not grow by more than this between the warm checkpoint and the end. */
const HEAP_GROWTH_BOUND_MB = 25;
/** RSS (main thread, render worker, native memory) swings by ~100 MB with GC timing; a leak outgrows this. */
const RSS_GROWTH_BOUND_MB = 200;
/** Simulated time per command: with the 5-minute TTL, every series reloads every ~150 commands. */
const CLOCK_STEP_MS = 2_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A seeded stream, so a failing run can be repeated. */
const seeded = mulberry32;
const random = seeded(20260807);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// The lines: every command's examples, replays of random past days, and a share of bad input.
const ASOFS = ['2015-08-24', '2018-10-11', '2020-03-19', '2022-09-28', '2024-08-05', '2025-04-07', '2026-06-15'];
const BAD = ['/kospi-stress window=1', '/gamma move=abc', '/corr window=9999', '/nope', '', '/vol-ratio lookback=0d', '/theta iv=-5', '/digest subscribe time=99:99', 'x'.repeat(600)];
function nextLine(): string {
  const r = random();
  if (r < 0.6) return pick(pick(commands).examples);
  if (r < 0.85) return `/${pick(commands.filter((c) => c.name !== 'help')).name} asof=${pick(ASOFS)}`;
  return pick(BAD);
}

const fake = createFakeUpstream({ failRate: FAIL_RATE, delayMs: 3, random: seeded(7) });
let clock = FAKE_NOW.getTime();
const config = fakeLiveConfig();
const ops = createOps(config, silentLogger, {
  live: {
    dispatcher: fake.agent,
    now: () => FAKE_NOW,
    cache: createSeriesCache({ now: () => clock }),
    http: { backoffMs: 2 },
  },
});
const core = createBotCore({ config, log: silentLogger, ...ops.core });

const mb = (n: number) => Math.round(n / 1e6);
function memory(label: string) {
  gc();
  const m = process.memoryUsage();
  return { label, heapMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), rssMb: mb(m.rss), externalMb: mb(m.external) };
}

const EVERY = Math.max(100, Math.min(1000, Math.round(TOTAL / 10)));
const started = performance.now();
const byOutcome: Record<Outcome['kind'] | 'timeout', number> = { answer: 0, usage: 0, data: 0, rate: 0, error: 0, timeout: 0 };
const errors: string[] = [];
const samples: ReturnType<typeof memory>[] = [];
let issued = 0;
let settled = 0;
let rendered = 0;

async function one(line: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ASK_TIMEOUT_MS)));
  const o = await Promise.race([core.ask(line), timeout]);
  clearTimeout(timer);
  if (o === 'timeout') {
    byOutcome.timeout++;
    errors.push(`no outcome within ${ASK_TIMEOUT_MS / 1000}s: ${line.slice(0, 80)}`);
  } else {
    byOutcome[o.kind]++;
    if (o.kind === 'error') errors.push(`${line.slice(0, 80)} → ${o.message}`);
    // Every 40th answer also renders its charts, as an adapter would (keeps the soak under its deadline).
    if (o.kind === 'answer' && settled % 40 === 0 && o.report.charts.length) rendered += (await core.charts(o.report)).length;
  }
  settled++;
}

async function worker(): Promise<void> {
  while (issued < TOTAL && performance.now() - started < DEADLINE_MS) {
    issued++;
    clock += CLOCK_STEP_MS;
    await one(nextLine());
    if (settled % EVERY === 0 && settled > 0 && samples.at(-1)?.label !== String(settled)) {
      const m = memory(String(settled));
      samples.push(m);
      const secs = ((performance.now() - started) / 1000).toFixed(0);
      console.log(`${String(settled).padStart(6)} commands  ${secs.padStart(4)} s  heap ${m.heapMb} MB (of ${m.heapTotalMb})  rss ${m.rssMb} MB  external ${m.externalMb} MB  upstream ${fake.counts.total} (${fake.counts.failed} failed)`);
    }
  }
}

console.log(`soak: ${TOTAL} mixed commands, ${CONCURRENCY} at a time, upstream failing ${FAIL_RATE * 100}% of requests`);
samples.push(memory('start'));
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const end = memory('end');
const seconds = (performance.now() - started) / 1000;
await ops.close();
await fake.close();

// The heap after the first tenth of the run (data loaded, code warm) is the reference.
const warm = samples[1] ?? samples[0]!;
const growth = end.heapMb - warm.heapMb;
const problems: string[] = [];
if (issued < TOTAL) problems.push(`deadline: only ${issued} of ${TOTAL} commands issued in ${seconds.toFixed(0)} s`);
if (settled !== issued) problems.push(`lost answers: ${issued - settled} of ${issued} asks never settled`);
if (byOutcome.timeout) problems.push(`${byOutcome.timeout} asks got no Outcome within ${ASK_TIMEOUT_MS / 1000} s`);
if (byOutcome.error) problems.push(`${byOutcome.error} internal errors, e.g. ${errors[0]}`);
if (growth > HEAP_GROWTH_BOUND_MB) problems.push(`heap grew ${growth} MB after warm-up (bound ${HEAP_GROWTH_BOUND_MB} MB)`);
if (end.rssMb - warm.rssMb > RSS_GROWTH_BOUND_MB) problems.push(`RSS grew ${end.rssMb - warm.rssMb} MB after warm-up (bound ${RSS_GROWTH_BOUND_MB} MB)`);
if (fake.counts.failed === 0) problems.push('the fake upstream never failed a request: the soak did not exercise failures');

console.log(
  JSON.stringify({
    commands: settled,
    seconds: +seconds.toFixed(1),
    outcomes: byOutcome,
    chartsRendered: rendered,
    upstream: fake.counts,
    heapMb: { warm: warm.heapMb, end: end.heapMb, growth },
    rssMb: { start: samples[0]!.rssMb, warm: warm.rssMb, end: end.rssMb },
  }),
);
if (problems.length) {
  console.log(`SOAK FAILED:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`soak passed: ${settled} commands, every one answered (${Object.entries(byOutcome).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ')}), heap +${growth} MB after warm-up`);
process.exit(0);
