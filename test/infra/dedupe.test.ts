// Delivery dedupe behind the pipeline (Slack event/trigger ids, Discord interaction ids): memory
// (bounded, TTL) for one process, Redis SET NX PX for replicas, memory again while Redis is down.
import { describe, expect, it } from 'vitest';
import { DELIVERY_TTL_MS, memoryDedupe, redisDedupe } from '../../src/infra/dedupe.ts';
import { createBotCore } from '../../src/infra/process.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { market, render } from '../bot/slack/fixtures.ts';

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

  it('remembers a delivery for the 15 minutes a Discord interaction token lives', async () => {
    let t = 0;
    const d = memoryDedupe(undefined, undefined, () => t);
    expect(await d.first('discord:interaction:1')).toBe(true);
    t = 15 * 60_000 - 1;
    expect(await d.first('discord:interaction:1')).toBe(false);
    t = 15 * 60_000;
    expect(await d.first('discord:interaction:1')).toBe(true);
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
    expect(await d.first('slack:event:Ev1')).toBe(true);
    expect(await d.first('slack:event:Ev1')).toBe(false);
    expect(calls[0]).toEqual(['stressbot:delivery:slack:event:Ev1', '1', 'PX', 5000, 'NX']);
    expect(DELIVERY_TTL_MS).toBe(900_000);
  });

  it('answers rather than drops when Redis is down, and this process still answers once', async () => {
    const redis = { set: async () => { throw new Error('ECONNREFUSED'); } };
    const d = redisDedupe(redis as never, silentLogger);
    expect([await d.first('slack:event:Ev1'), await d.first('slack:event:Ev1')]).toEqual([true, false]);
  });
});

describe('Core.firstDelivery', () => {
  it('is the pipeline’s one rule: first delivery of an id true, every redelivery false, ids of other platforms apart', async () => {
    const core = createBotCore({ config: testConfig(), log: silentLogger, market, render });
    expect(await core.firstDelivery('slack:event:Ev9')).toBe(true);
    expect(await core.firstDelivery('slack:event:Ev9')).toBe(false);
    expect(await core.firstDelivery('discord:interaction:Ev9')).toBe(true);
  });
});
