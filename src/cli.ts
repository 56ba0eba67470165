// `stressbot <subcommand>`: ask (one answer, then exit), next-digests, snapshot. Exit codes per DESIGN.md:
// 0 answer, 2 usage error, 1 data missing or failure; one line on stderr, never a stack trace.
import { parseArgs } from 'node:util';
import { buildCore, configOrExit } from './bot/process.ts';
import { outcomeText } from './bot/format.ts';
import { reportJson, writeCharts } from './bot/answerFiles.ts';
import { DataError } from './errors.ts';

const USAGE = `usage: stressbot ask "<command line>" [--json] [--out DIR]
       stressbot next-digests --from YYYY-MM-DD [--count N]
       stressbot snapshot --out DIR`;

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function ask(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const line = positionals.join(' ');
  // The CLI's stderr is for the one-line verdict: only errors are logged unless LOG_LEVEL says otherwise.
  const config = configOrExit({ LOG_LEVEL: 'error', ...process.env }, 2);
  const core = buildCore(config);
  const outcome = await core.ask(line);
  if (outcome.kind !== 'answer') {
    process.stderr.write(`${outcome.message}\n`);
    return outcome.kind === 'usage' ? 2 : 1;
  }
  const charts = values.out ? await writeCharts(core, outcome.report, values.out) : undefined;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(reportJson(outcome.report, charts))}\n`);
  } else {
    process.stdout.write(`${outcomeText(outcome)}\n`);
    for (const c of charts ?? []) process.stdout.write(`chart: ${c.file}\n`);
  }
  return 0;
}

async function snapshot(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true });
  if (!values.out) fail(2, 'snapshot needs --out DIR, e.g. stressbot snapshot --out ./snapshot');
  const config = configOrExit({ LOG_LEVEL: 'error', ...process.env }, 2);
  const { writeSnapshot } = await import('./data/snapshot.ts');
  const core = buildCore(config);
  const { files, missing } = await writeSnapshot(core.market, values.out);
  for (const f of files) process.stdout.write(`${f}\n`);
  for (const m of missing) process.stderr.write(`missing ${m.symbol}: ${m.reason}\n`);
  return files.length ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'ask':
      return ask(rest);
    case 'snapshot':
      return snapshot(rest);
    default:
      fail(2, sub ? `unknown subcommand "${sub}"\n${USAGE}` : USAGE);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof DataError) fail(1, `Data missing: ${err.message}`);
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) fail(2, `${err.message}\n${USAGE}`);
    fail(1, `stressbot failed: ${err instanceof Error ? err.message : String(err)}`);
  },
);
