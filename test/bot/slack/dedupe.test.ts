import { describe, expect, it } from 'vitest';
import { memoryDedupe, redisDedupe } from '../../../src/bot/slack/dedupe.ts';
import { silentLogger } from '../../../src/infra/log.ts';

describe('memoryDedupe', () => {
  it('says first once per key, again only after the TTL', async () => {
    let t = 0;
    const d = memoryDedupe(1000, 100, () => t);
    expect(await d.first('Ev1')).toBe(true);
    expect(await d.first('Ev1')).toBe(false);
    expect(await d.first('Ev2')).toBe(true);
    t = 999;
    expect(await d.first('Ev1')).toBe(false);
    t = 1000;
    expect(await d.first('Ev1')).toBe(true);
  });

  it('stays bounded: past maxKeys the oldest keys are forgotten first', async () => {
    const d = memoryDedupe(60_000, 3, () => 0);
    for (const k of ['a', 'b', 'c', 'd']) expect(await d.first(k)).toBe(true);
    // 'a' was evicted to make room for 'd'; 'c' and 'd' are still remembered.
    expect(await d.first('d')).toBe(false);
    expect(await d.first('c')).toBe(false);
    expect(await d.first('a')).toBe(true);
  });
});

describe('redisDedupe', () => {
  it('uses one atomic SET NX PX per key and reads OK as first, null as seen', async () => {
    const store = new Map<string, string>();
    const calls: unknown[][] = [];
    const redis = {
      async set(...args: unknown[]) {
        calls.push(args);
        const [key, value] = args as [string, string];
        if (store.has(key)) return null;
        store.set(key, value);
        return 'OK' as const;
      },
    };
    const d = redisDedupe(redis as never, silentLogger, 5000);
    expect(await d.first('event:Ev1')).toBe(true);
    expect(await d.first('event:Ev1')).toBe(false);
    expect(calls[0]).toEqual(['stressbot:slack:seen:event:Ev1', '1', 'PX', 5000, 'NX']);
  });

  it('answers rather than drops when Redis is down', async () => {
    const redis = { set: async () => { throw new Error('ECONNREFUSED'); } };
    expect(await redisDedupe(redis as never, silentLogger).first('event:Ev1')).toBe(true);
  });
});
