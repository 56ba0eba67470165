// `npx tsx bench/answers.ts [--tree DIR] [--verbose]`: one hash over what every registry example (and a
// set of extra lines: every /alert name, asof= and window= edges) answers, on three fixed clocks in
// English and Korean (DEMO market): each report's JSON and text, and each chart's decoded pixels (pngjs,
// so an encoder change that keeps the image keeps the hash). For speed work whose answers must not
// change: run it on the old tree (`git archive <rev> | tar -x -C DIR`, node_modules linked, `--tree DIR`)
// and on this one, and compare the totals; --verbose prints one line per ask to diff.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PNG } from 'pngjs';

const { values: flags } = parseArgs({ options: { tree: { type: 'string' }, verbose: { type: 'boolean' } } });
const tree = resolve(flags.tree ?? new URL('..', import.meta.url).pathname);
const from = async <T>(path: string): Promise<T> => (await import(`${tree}/${path}`)) as T;
const { createOps } = await from<typeof import('../src/infra/ops.ts')>('src/infra/ops.ts');
const { createBotCore } = await from<typeof import('../src/infra/process.ts')>('src/infra/process.ts');
const { silentLogger } = await from<typeof import('../src/infra/log.ts')>('src/infra/log.ts');
const { testConfig } = await from<typeof import('../src/config.ts')>('src/config.ts');
const { commands } = await from<typeof import('../src/commands/registry.ts')>('src/commands/registry.ts');
const { reportText } = await from<typeof import('../src/bot/format.ts')>('src/bot/format.ts');
const { ALERT_NAME_LIST } = await from<typeof import('../src/commands/alertValues.ts')>('src/commands/alertValues.ts');

const hash = (x: string | Buffer) => createHash('sha256').update(x).digest('hex').slice(0, 16);
const extra = [
  ...ALERT_NAME_LIST.map((n) => `/alert test ${n}>=0.5 lookback=3m`),
  '/alert test score>=40 and corr60<0.5 lookback=1y',
  '/alert test close<trendline or vkospiVixZ>1 lookback=6m',
  '/alert test flowLatestUsd<=-1b or score>=82',
  '/alert test pctFromSma21<-2% and (vol21d>20% or beta60>1)',
  '/alert test sma21>close lookback=2y',
  '/alert test score>=0',
  '/alert test vkospiVixRatio>=2 lookback=10d',
  '/corr window=10', '/corr window=500', '/corr asof=2008-10-24 lag=0', '/corr asof=2001-03-02', '/corr vs=SOX lag=0 window=20 asof=2020-03-19', '/corr asof=2000-02-01',
  '/kospi-stress asof=2008-10-24', '/kospi-stress asof=2000-02-15', '/kospi-stress asof=2013-06-20 window=250', '/kospi-stress asof=2026-11-21',
  '/gamma asof=2020-03-19', '/gamma asof=2026-11-22 move=-5', '/vol-ratio asof=2024-08-05', '/vol-ratio lookback=5y asof=2015-08-24',
  '/ai-basket asof=2024-08-05', '/ai-basket asof=2001-01-05', '/theta asof=2024-08-05', '/digest asof=2024-08-05',
  '/alert test corr60<0 and beta60>0.5 lookback=2y', '/alert test flowPctOfTurnover<=-1% lookback=1y',
];
// inside KRX hours, a Saturday, after the close
const clocks = ['2026-12-01T01:30:00Z', '2026-11-28T03:00:00Z', '2026-12-01T09:00:00Z'];

const ops = createOps(testConfig(), silentLogger);
let now = new Date(clocks[0]!);
const core = createBotCore({ config: testConfig(), log: silentLogger, ...ops.core, now: () => now });
const total = createHash('sha256');
let asks = 0;
let pngs = 0;
for (const clock of clocks) {
  now = new Date(clock);
  for (const locale of ['en', 'ko']) {
    for (const line of [...commands.flatMap((c) => c.examples), ...extra]) {
      // a user of its own per ask: the rate limit is not what is hashed
      const o = await core.ask(line, { user: `U${asks}`, channel: 'slack:C1', locales: [locale] });
      let row: string;
      if (o.kind !== 'answer') row = `${o.kind} ${hash(JSON.stringify(o))}`;
      else {
        const charts = await core.charts(o.report);
        pngs += charts.length;
        const pixels = charts.map((c) => {
          const p = PNG.sync.read(c.png);
          return `${p.width}x${p.height}:${hash(p.data)}`;
        });
        row = `json ${hash(JSON.stringify(o.report))} text ${hash(reportText(o.report))} png ${pixels.join(',')}`;
      }
      const out = `${clock} ${locale} ${line} → ${row}`;
      total.update(`${out}\n`);
      asks++;
      if (flags.verbose) console.log(out);
    }
  }
}
console.log(`${asks} asks, ${pngs} charts decoded, total ${total.digest('hex')}`);
await ops.close();
process.exit(0);
