// lang= is read once, by the router, for every command; usage errors speak the asker's language.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answer, parseLine } from '../../src/core/router.ts';
import { commands } from '../../src/commands/registry.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import type { Command, Context } from '../../src/core/types.ts';

const seen: Context[] = [];
const echo: Command = {
  name: 'echo',
  summary: 'echo',
  args: z.object({ n: z.string().optional() }),
  examples: ['/echo n=1'],
  async run(args, ctx) {
    seen.push(ctx);
    return { command: 'echo', title: 'echo', headline: JSON.stringify(args), tone: 'calm', fields: [], notes: [], charts: [], data: args, sources: [] };
  },
};
const ctx = { config: testConfig(), log: silentLogger, now: new Date(), commands: [echo], market: {} } as unknown as Context;

describe('lang= on any command', () => {
  it('is taken off the line before the command sees its arguments, and sets ctx.locale', async () => {
    const o = await answer('/echo n=1 lang=ko', ctx, { commands: [echo] });
    expect(o.kind).toBe('answer');
    expect(o.kind === 'answer' && o.report.data).toEqual({ n: '1' });
    expect(seen.at(-1)!.locale).toBe('ko');
    expect(parseLine('/echo lang=ko-KR', [echo]).locale).toBe('ko');
    expect(parseLine('/echo', [echo]).locale).toBeUndefined();
  });

  it('refuses a language it does not speak, with an example', async () => {
    const o = await answer('/echo lang=fr', ctx, { commands: [echo] });
    expect(o).toMatchObject({ kind: 'usage' });
    expect(o.kind === 'usage' && o.message).toBe('lang=fr is not a language this bot speaks (ko or en). Example: /kospi-stress lang=ko');
  });

  it('answers usage errors in Korean, with the example, when lang=ko (even before the command is known)', async () => {
    const bad = await answer('/kospi-stress window=abc lang=ko', { ...ctx, commands }, { commands });
    expect(bad.kind === 'usage' && bad.message).toBe('/kospi-stress: window=abc 정수여야 합니다. 예: /kospi-stress window=63');
    const unknown = await answer('/nosuch lang=ko', ctx, { commands: [echo] });
    expect(unknown.kind === 'usage' && unknown.message).toBe('알 수 없는 명령어 "/nosuch"입니다. /help를 확인하세요. 예: /kospi-stress');
    const date = await answer('/kospi-stress asof=2024-13-45', { ...ctx, locale: 'ko', commands }, { commands });
    expect(date.kind === 'usage' && date.message).toBe('/kospi-stress: asof=2024-13-45 존재하지 않는 날짜입니다. 예: /kospi-stress asof=2024-08-05');
  });

  it('answers the same mistake in English, with the example that sets the mistaken argument', async () => {
    const bad = await answer('/kospi-stress window=abc', { ...ctx, commands }, { commands });
    expect(bad.kind === 'usage' && bad.message).toBe('/kospi-stress: window=abc expected a whole number. Example: /kospi-stress window=63');
  });
});

describe('the channel language in the store', () => {
  it('is a channel setting beside the subscription: it outlives unsubscribe and is no subscription itself', async () => {
    const s = await openStore({ DATA_HOME: '' }, { file: ':memory:' });
    await s.setSetting('discord:1', 'lang', 'ko');
    expect(await s.list()).toEqual([]);
    await s.subscribe('discord:1', {});
    expect(await s.unsubscribe('discord:1')).toBe(true);
    expect(await s.setting('discord:1', 'lang')).toBe('ko');
    await s.setSetting('discord:1', 'lang', null);
    expect(await s.setting('discord:1', 'lang')).toBeUndefined();
    await s.close();
  });
});
