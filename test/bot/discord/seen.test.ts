// Interaction-id dedupe: memory (bounded, TTL) and Redis SET NX PX shared by replicas.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { memorySeen, redisSeen } from '../../../src/bot/discord/seen.ts';
import { silentLogger } from '../../../src/infra/log.ts';

describe('memorySeen', () => {
  it('says first time once per id within the TTL, and again after it', async () => {
    let t = 0;
    const seen = memorySeen(1000, 100, () => t);
    expect([await seen.first('a'), await seen.first('a'), await seen.first('b')]).toEqual([true, false, true]);
    t = 999;
    expect(await seen.first('a')).toBe(false);
    t = 1000;
    expect(await seen.first('a')).toBe(true);
  });

  it('stays bounded, forgetting the oldest ids first', async () => {
    const seen = memorySeen(60_000, 3, () => 0);
    for (const id of ['1', '2', '3', '4']) expect(await seen.first(id)).toBe(true);
    // '1' was evicted to keep 3; '2'…'4' are remembered.
    expect(await seen.first('4')).toBe(false);
    expect(await seen.first('2')).toBe(false);
    expect(await seen.first('1')).toBe(true);
  });
});

const url = process.env.TEST_REDIS_URL;
const REASON = 'needs a redis-server: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6390)';

describe.skipIf(!url)(`redisSeen (${url ?? REASON})`, () => {
  const a = url ? new Redis(url, { maxRetriesPerRequest: 1 }) : undefined;
  const b = url ? new Redis(url, { maxRetriesPerRequest: 1 }) : undefined;
  afterAll(async () => {
    await a?.quit();
    await b?.quit();
  });

  it('lets exactly one of two replicas answer an id, and expires the key with the TTL', async () => {
    const id = randomUUID();
    const [r1, r2] = [redisSeen(a!, silentLogger, 60_000), redisSeen(b!, silentLogger, 60_000)];
    const answers = await Promise.all([r1.first(id), r2.first(id), r1.first(id)]);
    expect(answers.filter(Boolean)).toHaveLength(1);
    const ttl = await a!.pttl(`stressbot:discord:interaction:${id}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

describe('redisSeen when Redis is down', () => {
  it('falls back to this process’s memory instead of dropping answers', async () => {
    const down = { set: async () => { throw new Error('ECONNREFUSED'); } } as unknown as Redis;
    const seen = redisSeen(down, silentLogger);
    expect([await seen.first('x'), await seen.first('x')]).toEqual([true, false]);
  });
});
