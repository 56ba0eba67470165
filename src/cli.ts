// `stressbot <subcommand>`: ask (one answer, then exit), next-digests, snapshot, validate. Exit codes per DESIGN.md:
// 0 answer, 2 usage error, 1 data missing or failure; one line on stderr, never a stack trace. With --json a
// usage or data error is also one JSON object on stdout: {"error": {"kind", "message", "example"}}.
import { parseArgs } from 'node:util';
import { buildCore, configOrExit } from './infra/process.ts';
import { outcomeText } from './bot/format.ts';
import { reportJson, writeCharts } from './bot/answerFiles.ts';
import { DataError, UsageError } from './core/errors.ts';
import { isoDate } from './commands/args.ts';

const USAGE = `usage: stressbot ask "<command line>" [--json] [--out DIR]
       stressbot next-digests --from YYYY-MM-DD [--count N]
       stressbot snapshot --out DIR
       stressbot validate [--from YYYY-MM-DD] [--json]
       stressbot <subcommand> --help`;

const HELP: Record<string, string> = {
  ask: `usage: stressbot ask "<command line>" [--json] [--out DIR]
Answers one command and exits: 0 answer, 2 usage error, 1 data missing.
  --json     print the answer as one JSON object (errors too: {"error": {"kind", "message", "example"}})
  --out DIR  write the answer's charts as PNG files under DIR
Commands:
`,
  'next-digests': `usage: stressbot next-digests --from YYYY-MM-DD [--count N]
Prints the next N (default 5, at most 1000) digest times from that day, ISO 8601 with offset, one a line
(DIGEST_CRON in DIGEST_TZ, KRX trading days only).
  e.g. stressbot next-digests --from 2026-12-29 --count 5`,
  snapshot: `usage: stressbot snapshot --out DIR
Writes every series of the configured DATA_SOURCE as CSV files under DIR (DATA_SOURCE=csv DATA_DIR=DIR reads them back).
  e.g. stressbot snapshot --out ./snapshot`,
  validate: `usage: stressbot validate [--from YYYY-MM-DD] [--json]
Scores every KOSPI session of the configured DATA_SOURCE with the /kospi-stress score and prints regime shares,
episode maxima, quiet-year medians, AUROCs and the noise-to-signal ratio (--json: one object with scores: [{date, score, regime}]).
  e.g. stressbot validate --from 2000-01-01`,
};

// The CLI's stderr is for the one-line verdict: only errors are logged unless LOG_LEVEL says otherwise.
const cliConfig = () => configOrExit({ LOG_LEVEL: 'error', ...process.env }, 2);

/** Set once the arguments ask for JSON, so every failure after that speaks it too. */
let json = false;

function fail(code: number, message: string, kind: 'usage' | 'data' | 'error' = code === 2 ? 'usage' : 'data', example = kind === 'usage' ? new UsageError(message).example : undefined): never {
  process.stderr.write(`${message}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ error: { kind, message: message.split('\n')[0], example: example ?? null } })}\n`);
  process.exit(code);
}

const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');

async function commandList(): Promise<string> {
  const { commands } = await import('./commands/registry.ts');
  const { usageLine } = await import('./core/schema.ts');
  return commands.map((c) => `  ${usageLine(c).padEnd(48)} ${c.summary}`).join('\n');
}

async function ask(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const line = positionals.join(' ');
  const config = cliConfig();
  const core = buildCore(config);
  const outcome = await core.ask(line);
  if (outcome.kind !== 'answer') {
    const kind = outcome.kind === 'usage' ? 'usage' : outcome.kind === 'data' ? 'data' : 'error';
    fail(outcome.kind === 'usage' ? 2 : 1, outcome.message, kind, outcome.kind === 'usage' ? outcome.example : undefined);
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
  if (!values.out) fail(2, 'snapshot needs --out DIR, e.g. stressbot snapshot --out ./snapshot', 'usage', 'stressbot snapshot --out ./snapshot');
  const config = cliConfig();
  const { writeSnapshot } = await import('./data/snapshot.ts');
  const core = buildCore(config);
  const { files, missing } = await writeSnapshot(core.market, values.out);
  for (const f of files) process.stdout.write(`${f}\n`);
  for (const m of missing) process.stderr.write(`missing ${m.symbol}: ${m.reason}\n`);
  return files.length ? 0 : 1;
}

async function nextDigests(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, count: { type: 'string' } }, strict: true });
  const from = values.from ?? '';
  const count = Number(values.count ?? '5');
  if (!isoDate.safeParse(from).success) {
    fail(2, 'next-digests needs --from YYYY-MM-DD, e.g. stressbot next-digests --from 2026-12-29 --count 5', 'usage', 'stressbot next-digests --from 2026-12-29 --count 5');
  }
  if (!Number.isInteger(count) || count < 1 || count > 1000) fail(2, '--count must be a whole number from 1 to 1000, e.g. --count 5', 'usage', `stressbot next-digests --from ${from} --count 5`);
  const config = cliConfig();
  const { nextDigestRuns, formatWithOffset } = await import('./digest/schedule.ts');
  for (const run of nextDigestRuns(from, count, config.DIGEST_CRON, config.DIGEST_TZ)) {
    process.stdout.write(`${formatWithOffset(run, config.DIGEST_TZ)}\n`);
  }
  return 0;
}

async function validateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const from = values.from;
  if (from !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(new Date(`${from}T00:00:00Z`).getTime()))) {
    fail(2, `--from must be a date YYYY-MM-DD, e.g. stressbot validate --from 2000-01-01`);
  }
  const config = cliConfig();
  const { validate, validateText } = await import('./validate.ts');
  const result = await validate(buildCore(config).market, from);
  if (result.sessions === 0) fail(1, `Data missing: no KOSPI session with a stress score${from ? ` on or after ${from}` : ''}`);
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${validateText(result)}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  json = rest.includes('--json');
  if (sub === undefined) fail(2, USAGE, 'usage', 'stressbot --help');
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (HELP[sub] && wantsHelp(rest)) {
    process.stdout.write(sub === 'ask' ? `${HELP.ask}${await commandList()}\n` : `${HELP[sub]}\n`);
    return 0;
  }
  switch (sub) {
    case 'ask':
      return ask(rest);
    case 'snapshot':
      return snapshot(rest);
    case 'next-digests':
      return nextDigests(rest);
    case 'validate':
      return validateCommand(rest);
    default:
      fail(2, `unknown subcommand "${sub}"; try: stressbot --help\n${USAGE}`, 'usage', 'stressbot --help');
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof DataError) fail(1, `Data missing: ${err.message}`, 'data');
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) fail(2, `${err.message}\n${USAGE}`, 'usage', 'stressbot --help');
    fail(1, `stressbot failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
  },
);
