import { commands } from '../helpers/registry.ts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answer, parseLine } from '../../src/core/router.ts';
import { UsageError } from '../../src/core/errors.ts';
import { int, isoDate, money, percent } from '../../src/commands/args.ts';
import type { Command, Context } from '../../src/core/types.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';

const echoArgs = z.object({ window: int(5, 250).default(21), asof: isoDate.optional(), move: percent(-50, 50).optional(), aum: money.optional() });
const echo: Command<typeof echoArgs> = {
  name: 'echo',
  summary: 'returns its arguments',
  args: echoArgs,
  examples: ['/echo window=21'],
  async run(args) {
    if (args.window === 13) throw new Error('boom');
    return { command: 'echo', title: 'echo', headline: 'ok', tone: 'calm', fields: [], notes: [], charts: [], data: { ...args }, sources: [] };
  },
};
const list = [echo];
const ctx = { market: { kind: 'demo', demo: true, series: async () => { throw new Error('unused'); }, optionChain: async () => null }, now: new Date(), config: testConfig(), log: silentLogger, commands } satisfies Context;

describe('parseLine', () => {
  it('parses key=value words with the command schema, as traders type them', () => {
    const { args } = parseLine('/echo window=60 asof=2024-08-05 move=-3 aum=1.2t', list);
    expect(args).toEqual({ window: 60, asof: '2024-08-05', move: -0.03, aum: 1.2e12 });
  });
  it('accepts a line without the slash; platform words are not the core\'s', () => {
    expect(parseLine('echo', list).command.name).toBe('echo');
    expect(() => parseLine('/stress echo', list)).toThrow(/Unknown command "\/stress"/);
  });
  it.each([
    ['/echo window=abc', /window=abc expected a whole number\. Example: \/echo window=21/],
    ['/echo asof=2024-13-45', /asof=2024-13-45 is not a real calendar date/],
    ['/echo bogus=1', /unknown argument "bogus"/],
    ['/echo window=1 window=2', /window is given twice/],
    ['/nope', /Unknown command "\/nope"/],
    ['/echo ' + 'x'.repeat(5000), /limit is 500/],
    ['', /Type a command/],
  ])('%s is a one-line usage error with an example', (line, pattern) => {
    let caught: unknown;
    try { parseLine(line, list); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(pattern);
    expect((caught as Error).message).not.toContain('\n');
  });
  it('ends a mistake in one argument with the first example that sets that argument', () => {
    const examples = ['/echo', '/echo asof=2024-08-05', '/echo move=-3 window=60', '/echo window=120'];
    const many: Command<typeof echoArgs>[] = [{ ...echo, examples }];
    const exampleFor = (line: string): string | undefined => {
      try { parseLine(line, many); } catch (e) { return (e as UsageError).example; }
    };
    expect(exampleFor('/echo window=abc')).toBe('/echo move=-3 window=60');
    expect(exampleFor('/echo window=1 window=2')).toBe('/echo move=-3 window=60');
    expect(exampleFor('/echo asof=2024-13-45')).toBe('/echo asof=2024-08-05');
    // no example sets aum, and an unknown key has none: the command's first example
    expect(exampleFor('/echo aum=lots')).toBe('/echo');
    expect(exampleFor('/echo bogus=1')).toBe('/echo');
  });
});

describe('answer', () => {
  it('turns a thrown error into a generic message with a reference id, never a throw', async () => {
    const o = await answer('/echo window=13', ctx, { commands: list });
    expect(o.kind).toBe('error');
    if (o.kind === 'error') expect(o.message).toContain(o.id);
  });
  it('answers valid lines', async () => {
    const o = await answer('/echo', ctx, { commands: list });
    expect(o.kind === 'answer' && o.report.data).toEqual({ window: 21 });
  });
});
