// The one-shot CLI as scripts use it: a real process, its stdout/stderr and exit codes.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.ts';

// Each test is its own process: run them side by side.
describe.concurrent('CLI manners', () => {
  it.each([['--help'], ['-h'], ['help']])('stressbot %s prints the usage on stdout and exits 0', async (flag) => {
    const r = await runCli([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: stressbot ask/);
    expect(r.stdout).toContain('stressbot <subcommand> --help');
    expect(r.stderr).toBe('');
  });
  it('ask --help lists every command with its usage; each subcommand has its own --help', { timeout: 60_000 }, async () => {
    const { commands } = await import('../src/commands/registry.ts');
    const subs = ['next-digests', 'snapshot', 'validate'];
    const [ask, ...others] = await Promise.all([runCli(['ask', '--help']), ...subs.map((sub) => runCli([sub, '-h']))]);
    expect(ask!.code).toBe(0);
    expect(ask!.stdout).toMatch(/^usage: stressbot ask "<command line>"/);
    for (const c of commands) expect(ask!.stdout).toContain(`/${c.name}`);
    others.forEach((r, i) => {
      expect(r.code, subs[i]).toBe(0);
      expect(r.stdout.startsWith(`usage: stressbot ${subs[i]}`), r.stdout).toBe(true);
    });
  });
  it('--json: a usage error is also one JSON error object on stdout, exit code still 2', async () => {
    const r = await runCli(['ask', '/gamma move=abc', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { error } = JSON.parse(lines[0]!);
    expect(Object.keys(error).sort()).toEqual(['example', 'kind', 'message']);
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(r.stderr.trim());
    expect(error.message).toMatch(/^\/gamma: move=abc/);
    expect(error.example).toMatch(/^\/gamma /);
  });
  it('--json: a data error is one JSON error object too, exit code still 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-empty-'));
    const r = await runCli(['ask', '/kospi-stress', '--json'], { DATA_SOURCE: 'csv', DATA_DIR: dir });
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error.kind).toBe('data');
    expect(error.message).toMatch(/^Data missing: KOSPI/);
    expect(error).toHaveProperty('example');
  });
  it('--json: a bad flag is a usage error in JSON as well', async () => {
    const r = await runCli(['ask', '/help', '--bogus', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ kind: 'usage', example: 'stressbot --help' });
  });
});

describe.concurrent('stressbot ask', () => {
  it('--json prints exactly one JSON object with the Report contract', async () => {
    const r = await runCli(['ask', '/help', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(Object.keys(json).sort()).toEqual(['charts', 'command', 'data', 'fields', 'headline', 'notes', 'sources', 'title', 'tone']);
    expect(json.command).toBe('help');
  });
  it('/kospi-stress --json --out writes a PNG of at least 1000×560 and prints every data key', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sb-out-'));
    const r = await runCli(['ask', '/kospi-stress', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    for (const key of ['asOf', 'score', 'regime', 'components', 'close', 'sma21', 'pctFromSma21', 'trendline', 'return21d',
      'efficiencyRatio21d', 'realizedVol21d', 'volAmplification', 'corr60', 'beta60', 'drawdown52w', 'vkospiVixRatio']) {
      expect(json.data, key).toHaveProperty(key);
    }
    expect(json.headline).toMatch(/^DEMO · /);
    expect(json.sources.map((s: { symbol: string }) => s.symbol)).toContain('KOSPI');
    const png = readFileSync(json.charts[0].file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1000);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(560);
  });
  it('next-digests prints run times with offsets, skipping KRX closures', async () => {
    const r = await runCli(['next-digests', '--from', '2026-12-30', '--count', '2']);
    // 2026-12-31 is the KRX year-end closing day and 2027-01-01 New Year: next is Monday 2027-01-04.
    expect(r.stdout).toBe('2026-12-30T08:30:00+09:00\n2027-01-04T08:30:00+09:00\n');
  });
  it.each([
    ['an unknown help topic', 2, ['ask', '/help nope'], /no command "nope"/],
    ['an unknown command', 2, ['ask', '/no-such-command'], /Unknown command/],
    ['a 5,000-character line', 2, ['ask', `/help ${'x'.repeat(5000)}`], /limit is 500/],
    ['an unknown subcommand', 2, ['frobnicate'], /unknown subcommand/],
  ])('%s exits %i with one line on stderr and no stack trace', async (_label, code, args, pattern) => {
    const r = await runCli(args as string[]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(pattern as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
  it('a missing DATA_DIR stops with one line naming it', async () => {
    const r = await runCli(['ask', '/help'], { DATA_SOURCE: 'csv' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DATA_DIR/);
  });
  it('a DATA_DIR that does not exist stops with one line naming it', async () => {
    const r = await runCli(['ask', '/help'], { DATA_SOURCE: 'csv', DATA_DIR: join(mkdtempSync(join(tmpdir(), 'sb-')), 'absent') });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DATA_DIR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
