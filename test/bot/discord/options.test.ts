// The registry → Discord application commands, and interaction options → the router's line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands as registry } from '../../../src/commands/registry.ts';
import { asof, int, isoDate, lookback, money, num, percent } from '../../../src/commands/args.ts';
import { cutWords, lineFromOptions, registrationPayload, type CommandPayload } from '../../../src/bot/discord/options.ts';
import { cut } from '../../../src/bot/discord/embed.ts';
import { guildArg, registerCommands } from '../../../src/bot/discord/register.ts';
import { createRest } from '../../../src/bot/discord/answer.ts';
import { parseLine } from '../../helpers/registry.ts';
import type { Command } from '../../../src/core/types.ts';
import { BOT_ID, startFakeDiscord } from './fakeDiscord.ts';

const STRING = 3;
const INTEGER = 4;
const NUMBER = 10;
const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

/** Arguments the way the real commands declare them (see src/commands/args.ts). */
const wideArgs = z.object({
  window: int(10, 500).prefault('60').describe('correlation window in KRX sessions, 10–500'),
  vs: z.string().trim().toUpperCase().pipe(z.enum(['NDX', 'SOX'])).prefault('NDX'),
  lag: z.enum(['0', '1']).transform(Number).prefault('1'),
  moneyness: num.pipe(z.number().min(0.5).max(2)).default(1),
  strike: num.optional(),
  move: percent(-30, 30).optional(),
  aum: money.optional(),
  lookback: lookback.prefault('1y'),
  asof,
  date: isoDate,
  label: z.string().min(2).max(40).optional(),
});
const wide: Command = {
  name: 'wide', summary: 'x'.repeat(140), args: wideArgs, examples: ['/wide date=2024-08-05 move=-3 aum=50b'],
  run: async () => { throw new Error('unused'); },
};

function optionsOf(payload: CommandPayload) {
  return Object.fromEntries((payload.options ?? []).map((o) => [o.name, o as unknown as Record<string, unknown>]));
}

describe('registrationPayload', () => {
  it('has every registry command, with names, descriptions and options within Discord’s limits', () => {
    const payload = registrationPayload(registry);
    expect(payload.map((c) => c.name)).toEqual(registry.map((c) => c.name));
    for (const c of payload) {
      expect(c.name).toMatch(NAME);
      expect(c.type).toBe(1);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      const options = c.options ?? [];
      expect(options.length).toBeLessThanOrEqual(25);
      const required = options.map((o) => Boolean((o as { required?: boolean }).required));
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const o of options) {
        expect(o.name).toMatch(NAME);
        expect(o.description.length).toBeGreaterThan(0);
        expect(o.description.length).toBeLessThanOrEqual(100);
        expect([STRING, INTEGER, NUMBER]).toContain(o.type);
      }
    }
    // /help's one argument: an optional string of at most 40 characters.
    expect(optionsOf(payload.find((c) => c.name === 'help')!).command).toMatchObject({ type: STRING, max_length: 40 });
  });

  it('derives each option’s type, choices, bounds and required flag from the zod schema', () => {
    const [c] = registrationPayload([wide]);
    expect(c!.description).toBe(`${'x'.repeat(99)}…`);
    const o = optionsOf(c!);
    expect(o.window).toEqual({ name: 'window', description: 'correlation window in KRX sessions, 10–500', type: INTEGER, min_value: 10, max_value: 500 });
    expect(o.vs).toMatchObject({ type: STRING, choices: [{ name: 'NDX', value: 'NDX' }, { name: 'SOX', value: 'SOX' }] });
    expect(o.lag).toMatchObject({ type: STRING, choices: [{ name: '0', value: '0' }, { name: '1', value: '1' }] });
    expect(o.moneyness).toMatchObject({ type: NUMBER, min_value: 0.5, max_value: 2 });
    expect(o.strike).toMatchObject({ type: NUMBER });
    expect(o.strike).not.toHaveProperty('min_value');
    // Typed with units or as text: the router reads them, so Discord must pass the text through.
    for (const key of ['move', 'aum', 'lookback', 'asof', 'date']) expect(o[key]!.type, key).toBe(STRING);
    expect(o.label).toMatchObject({ type: STRING, min_length: 2, max_length: 40 });
    // Only `date` has no default; it is listed first, as Discord requires.
    expect(c!.options![0]).toMatchObject({ name: 'date', required: true });
    expect(Object.values(o).filter((x) => x.required)).toHaveLength(1);
    // Without a zod description, the command's own example explains the option.
    expect(o.move!.description).toBe('move, e.g. move=-3');
    expect(o.strike!.description).toBe('strike (see /help wide)');
  });

  it('turns what Discord can send back into lines the router accepts', () => {
    const [c] = registrationPayload([wide]);
    const o = optionsOf(c!);
    const sent = [
      { name: 'date', value: '2024-08-05' },
      { name: 'window', value: o.window!.max_value as number },
      { name: 'vs', value: 'SOX' },
      { name: 'lag', value: '0' },
      { name: 'moneyness', value: o.moneyness!.min_value as number },
      { name: 'strike', value: 1e-7 },
      { name: 'move', value: '-3' },
      { name: 'aum', value: '50b' },
    ];
    const line = lineFromOptions('wide', sent, [wide]);
    expect(line).toBe('/wide date=2024-08-05 window=500 vs=SOX lag=0 moneyness=0.5 strike=1e-7 move=-3 aum=50b');
    expect(parseLine(line, [wide]).args).toMatchObject({ window: 500, vs: 'SOX', lag: 0, moneyness: 0.5, strike: 1e-7, move: -0.03, aum: 5e10 });
  });
});

describe('arg keys Discord cannot spell', () => {
  const args = z.object({ 'score>': num.optional(), score: z.string().optional(), 'mode!': z.enum(['a', 'b']).optional() });
  const alerting: Command = { name: 'alerting', summary: 's', args, examples: ['/alerting score>=80'], run: async () => { throw new Error('unused'); } };

  it('get a valid, unique option name, and the line maps it back to the key the parser knows', () => {
    const [c] = registrationPayload([alerting]);
    expect(c!.options!.map((o) => o.name)).toEqual(['score', 'score_2', 'mode', 'lang']);
    expect(c!.options![0]).toMatchObject({ type: NUMBER, description: 'score>, e.g. score>=80' });
    const line = lineFromOptions('alerting', [{ name: 'score', value: 80 }, { name: 'score_2', value: 'x' }, { name: 'mode', value: 'b' }], [alerting]);
    expect(line).toBe('/alerting score>=80 score=x mode!=b');
    expect(parseLine(line, [alerting]).args).toEqual({ 'score>': 80, score: 'x', 'mode!': 'b' });
  });
});

describe('lineFromOptions', () => {
  it('keeps a value with spaces together and drops empty ones', () => {
    const line = lineFromOptions('wide', [{ name: 'date', value: '2024-08-05' }, { name: 'label', value: 'two "quoted" words' }, { name: 'asof', value: '' }], [wide]);
    expect(line).toBe('/wide date=2024-08-05 label="two quoted words"');
    expect(parseLine(line, [wide]).args).toMatchObject({ label: 'two quoted words' });
  });
});

describe('cutWords', () => {
  it('ends on a whole word when one is near the limit, else cuts hard', () => {
    expect(cutWords('Leveraged ETF flow, and dealer gamma', 24)).toBe('Leveraged ETF flow, and…');
    expect(cutWords('Leveraged ETF flow, and dealer gamma', 23)).toBe('Leveraged ETF flow…');
    expect(cutWords('Leveraged ETF flow and dealer gamma', 10)).toBe('Leveraged…');
    expect(cutWords('a supercalifragilistic', 12)).toBe('a supercali…');
    expect(cutWords('short', 12)).toBe('short');
  });
});

describe('cut', () => {
  it('ends with an ellipsis inside the limit and never splits an emoji', () => {
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('abc', 3)).toBe('abc');
    expect(cut('ab🟢cd', 4)).toBe('ab…');
  });
});

describe('npm run discord:register', () => {
  const fake = startFakeDiscord();
  afterAll(async () => (await fake).close());

  it('PUTs the payload globally, or to one server with --guild', async () => {
    const f = await fake;
    const rest = createRest({ DISCORD_API_URL: f.api, DISCORD_TOKEN: 'test-token' });
    expect(await registerCommands(rest, BOT_ID)).toBe(registry.length);
    expect(await registerCommands(rest, BOT_ID, '123456789', [wide])).toBe(1);
    const [global, guild] = f.calls;
    expect([global!.method, global!.path]).toEqual(['PUT', `/applications/${BOT_ID}/commands`]);
    expect(global!.json).toEqual(registrationPayload(registry));
    expect(global!.headers.authorization).toBe('Bot test-token');
    expect(guild!.path).toBe(`/applications/${BOT_ID}/guilds/123456789/commands`);
    expect(guild!.json).toEqual(registrationPayload([wide]));
  });

  it('runs as a script: registers the registry in one server and says so', async () => {
    const f = await fake;
    const before = f.calls.length;
    const env = { PATH: process.env.PATH, DISCORD_TOKEN: 'script-token', DISCORD_APP_ID: BOT_ID, DISCORD_API_URL: f.api, LOG_LEVEL: 'silent' };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/bot/discord/register.ts', '--guild', '987654321'], { env });
    expect(stdout.trim()).toBe(`Registered ${registry.length} commands in server 987654321.`);
    const put = f.calls.slice(before).find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${BOT_ID}/guilds/987654321/commands`);
    expect(put.headers.authorization).toBe('Bot script-token');
  });

  it('reads --guild ID and --guild=ID, and refuses a non-id', () => {
    expect(guildArg([])).toBeUndefined();
    expect(guildArg(['--guild', '123456789012'])).toBe('123456789012');
    expect(guildArg(['--guild=123456789012'])).toBe('123456789012');
    expect(() => guildArg(['--guild'])).toThrow(/server id/);
    expect(() => guildArg(['--guild', 'general'])).toThrow(/server id/);
  });
});
