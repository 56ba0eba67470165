// Property tests of the router and every registered command's arguments against the DEMO market:
// whatever a user types — random words, unicode, huge numbers, NaN, Infinity, empty, 10 KB lines,
// key=value with each command's real keys — the answer is an Outcome (never a throw, never an internal
// error), and a usage error is one line that shows a correct example.
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answer, parseLine, type Outcome } from '../helpers/registry.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { commands } from '../../src/commands/registry.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { UsageError } from '../../src/core/errors.ts';
import type { Command, Context } from '../../src/core/types.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { digestSchedule } from '../../src/digest/schedule.ts';
import type { DigestStore } from '../../src/digest/store.ts';

const ctx: Context = { market: demoMarket(), now: new Date('2026-11-20T12:00:00Z'), config: testConfig(), log: silentLogger, commands };
const NAMES = commands.map((c) => c.name);

/** Strings that have broken number and date parsers before. */
const NASTY = [
  '', ' ', '=', '==', 'NaN', 'nan', 'Infinity', '-Infinity', '+Infinity', '1e309', '-1e309', '1e-400', '-0', '0x1F', '0b101',
  '1_000', '9'.repeat(40), '-9'.repeat(20), '1.2.3', '.', '-', '+', '%', '50%%', '1e', 'e5', '٣', '１２', '50b', '1.2t', '$5',
  '0', '00', '2024-02-30', '2024-13-01', '0000-01-01', '9999-12-31', '1970-01-01', '2012-01-02', '2024-08-05', '2026-11-20',
  '2030-01-01', '90d', '0y', '999y', '1y', 'off', 'subscribe', 'status', '08:30', '25:61', 'score>=80', '"quoted value"',
  "'", '"', '\\', '\u0000', '\u202e', '🙂', '코스피', 'null', 'undefined', '__proto__', 'constructor', 'toString',
];

const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String) },
);

const keysOf = (c: Command): string[] => [
  ...Object.keys(((c.args as unknown as z.ZodObject).shape ?? {}) as Record<string, unknown>),
  ...(c.positional ?? []),
];

/** A plausible value: the right shape, often out of range. */
const plausible = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -500, max: 500, noNaN: true }).map((x) => x.toFixed(2)),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom('d', 'm', 'y')).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom('', 'k', 'm', 'b', 't', '%')).map(([n, u]) => `${n}${u}`),
  fc.constantFrom(...NAMES, 'NDX', 'SOX', 'KOSPI', 'ndx'),
);

/** Words for one command: its own keys with random or plausible values, bare words, unknown keys. */
function argWords(c: Command) {
  const keys = keysOf(c);
  const kv = fc.tuple(keys.length ? fc.constantFrom(...keys) : fc.constant('x'), fc.oneof(plausible, word)).map(([k, v]) => `${k}=${v}`);
  return fc.array(fc.oneof({ weight: 4, arbitrary: kv }, { weight: 1, arbitrary: word }, { weight: 1, arbitrary: fc.tuple(word, word).map(([k, v]) => `${k}=${v}`) }), { maxLength: 4 });
}

const lineFor = (c: Command) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(`/${c.name}`, c.name, `/stress ${c.name}`, `/${c.name.toUpperCase()}`), argWords(c)).map(([head, rest]) => [head, ...rest].join(' ')) },
    // a documented example, alone or with random words after it: reaches commands whose answers need a
    // shaped free text (an /alert condition) that random words almost never form
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...c.examples), fc.array(word, { maxLength: 2 })).map(([ex, rest]) => [ex, ...rest].join(' ')) },
  );

/** What every outcome must look like. */
function checkOutcome(line: string, o: Outcome): void {
  const where = `line ${JSON.stringify(line.slice(0, 200))} → ${JSON.stringify(o).slice(0, 400)}`;
  expect(['answer', 'usage', 'data'], where).toContain(o.kind);
  if (o.kind === 'answer') {
    expect(o.report.title.length, where).toBeGreaterThan(0);
    expect(o.report.headline.length, where).toBeGreaterThan(0);
    expect(() => JSON.stringify(o.report), where).not.toThrow();
    return;
  }
  checkMessage(o.message, where);
}

/** One line, not a wall of text, showing a command the user can type. */
function checkMessage(message: string, where = message): void {
  expect(message, where).not.toMatch(/[\r\n]/);
  expect(message.length, where).toBeLessThanOrEqual(400);
  expect(message, where).not.toMatch(/\bat .*\.ts:\d+/); // no stack frames
}
const EXAMPLE = new RegExp(`(Example:|e\\.g\\.|Try:?|예:) /(${NAMES.join('|')})\\b`);

describe('router fuzz: parseLine', () => {
  it('returns a parse or throws a one-line UsageError with an example, for any line', () => {
    const anyLine = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.array(word, { maxLength: 6 }).map((w) => w.join(' ')),
      fc.constantFrom(...commands).chain(lineFor),
      fc.constantFrom(...NAMES).map((n) => `/${n} ${'x=1 '.repeat(2500)}`), // 10 KB
      fc.string({ minLength: 10_000, maxLength: 10_240, unit: 'grapheme-ascii' }),
    );
    fc.assert(
      fc.property(anyLine, (line) => {
        try {
          const parsed = parseLine(line);
          expect(NAMES).toContain(parsed.command.name);
        } catch (err) {
          expect(err, `line ${JSON.stringify(line.slice(0, 120))}`).toBeInstanceOf(UsageError);
          const message = (err as Error).message;
          checkMessage(message);
          expect(message, message).toMatch(EXAMPLE);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('router fuzz: answer() for every command', () => {
  // Asked in a channel with a store (in memory), so /digest subscribe, /alert and /stress-settings reach their answers too.
  let store: DigestStore;
  let inChannel: Context;
  beforeAll(async () => {
    store = await openStore({ DATA_HOME: tmpdir() }, { file: ':memory:' });
    inChannel = { ...ctx, channel: 'slack:CFUZZ', user: 'slack:UFUZZ', digest: { store, schedule: digestSchedule, alerts: store } };
  });
  afterAll(() => store.close());
  it.each(commands.map((c) => [c.name, c] as const))('/%s: an answer, a usage error with an example, or a data error; never a throw', async (_name, command) => {
    const seen: Record<string, number> = { answer: 0, usage: 0, data: 0 };
    await fc.assert(
      fc.asyncProperty(lineFor(command), async (line) => {
        const o = await answer(line, inChannel);
        seen[o.kind] = (seen[o.kind] ?? 0) + 1;
        checkOutcome(line, o);
        if (o.kind === 'usage') expect(o.message, o.message).toMatch(EXAMPLE);
      }),
      // Most lines fail validation in microseconds; the ones that run a command cost up to ~50 ms.
      { numRuns: 120, interruptAfterTimeLimit: 2_500 },
    );
    // The generator reaches the commands themselves, not only the validation in front of them.
    expect(seen.answer, JSON.stringify(seen)).toBeGreaterThan(0);
  });
});
