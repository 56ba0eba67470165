import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answer, parseLine } from '../helpers/registry.ts';
import { argDocs, usageLine } from '../../src/core/schema.ts';
import { commands } from '../../src/commands/registry.ts';
import { asof, int, lookback, percent } from '../../src/commands/args.ts';
import type { Command, Report } from '../../src/core/types.ts';
import { ctxOf } from './fakeMarket.ts';

async function run(line: string): Promise<Report> {
  const o = await answer(line, ctxOf({}));
  if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
  return o.report;
}

describe('argDocs', () => {
  const schema = z.object({
    window: int(5, 250).default(21),
    move: percent(-50, 50).default(0.01).describe('move in %'),
    span: lookback.prefault('1y'),
    asof,
    need: z.string(),
  });
  it('spells defaults as typed, hides ones that cannot be typed back, marks optional and required', () => {
    expect(argDocs(schema)).toEqual([
      { name: 'window', default: '21', optional: true, description: 'window in trading sessions' },
      // percent's default 0.01 would read back as 0.0001, so it is not shown as "move=0.01"
      { name: 'move', optional: true, description: 'move in %' },
      { name: 'span', default: '1y', optional: true },
      { name: 'asof', optional: true, description: 'replay a past day YYYY-MM-DD with no look-ahead' },
      { name: 'need', optional: false },
    ]);
    const c = { name: 'x', summary: '', args: schema, examples: [], run: async () => { throw new Error(); } } as unknown as Command;
    expect(usageLine(c)).toBe('/x [window=21] [move=…] [span=1y] [asof=YYYY-MM-DD] need=…');
  });
});

describe('/help', () => {
  it('lists every registered command with its defaults and an example', async () => {
    const r = await run('/help');
    expect(r.fields).toHaveLength(commands.length);
    for (const c of commands) {
      const f = r.fields.find((x) => x.label.startsWith(`/${c.name}`))!;
      expect(f.value).toContain(c.examples[0]!);
    }
    expect(r.fields.map((f) => f.label)).toContain('/corr [window=60] [vs=NDX] [lag=1] [asof=YYYY-MM-DD]');
    expect(r.fields.map((f) => f.label)).toContain('/vol-ratio [lookback=1y] [asof=YYYY-MM-DD]');
  });

  it('/help corr explains every argument and every number', async () => {
    const r = await run('/help corr');
    expect(r.fields[0]).toEqual({ label: 'Usage', value: '/corr [window=60] [vs=NDX] [lag=1] [asof=YYYY-MM-DD]' });
    expect(r.fields.find((f) => f.label === 'vs=')!.value).toMatch(/NDX.*SOX.*\(default NDX\)/);
    const corr = commands.find((c) => c.name === 'corr')!;
    expect(r.notes.slice(0, corr.explains!.length)).toEqual(corr.explains);
    expect(r.data.args).toEqual(['window', 'vs', 'lag', 'asof']);
  });

  it('every command has explains lines and examples that parse', () => {
    for (const c of commands) {
      expect(c.explains?.length, c.name).toBeGreaterThan(0);
      for (const e of c.examples) expect(parseLine(e).command.name).toBe(c.name);
    }
  });

  it('an unknown command is a one-line usage error naming the real ones', async () => {
    const o = await answer('/help nope', ctxOf({}));
    expect(o.kind === 'usage' && o.message).toMatch(/no command "nope" \(try one of: .*corr.*help.*\)\. Example: \/help corr/);
  });
});
