// Which replica posts. Without Redis every process is alone and the SQLite ledger decides; with
// REDIS_URL a key taken with SET NX PX makes exactly one replica post each (channel, date).
import { randomUUID } from 'node:crypto';
import { connectRedis } from '../infra/redis.ts';
import { silentLogger, type Logger } from '../infra/log.ts';

export interface DigestLock {
  /** True when this process now holds `key` for `ttlMs` (nobody else held it). */
  acquire(key: string, ttlMs: number): Promise<boolean>;
  /** Keeps a held key for `ttlMs` more (after a post: the done-marker other replicas see). */
  extend(key: string, ttlMs: number): Promise<void>;
  /** Lets go of a held key so another replica may try (after a failed post). */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

/** One process: always granted. */
export const localLock = (): DigestLock => ({
  acquire: async () => true,
  extend: async () => undefined,
  release: async () => undefined,
  close: async () => undefined,
});

// Only the holder (same token) may extend or delete, so a replica whose hold expired cannot
// release the key another replica took since.
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Taken when free, or already ours: a replica restarted after a crash gets back the keys its
// previous life took but never claimed in the store (else nobody could post them until they expire).
const ACQUIRE = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 elseif redis.call('get', KEYS[1]) == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 else return 0 end`;

/** `token`: who holds the keys; the replica's stable id, so that its next life recognises them. */
export function redisLock(url: string, opts: { prefix?: string; log?: Logger; token?: string } = {}): DigestLock {
  const prefix = opts.prefix ?? 'stressbot:digest:';
  const log = opts.log ?? silentLogger;
  // Fail fast: a scheduler tick that cannot reach Redis skips and tries again next minute.
  const { redis, guard } = connectRedis(url, log, 'digest lock', { commandTimeout: 2_000 });
  const token = opts.token ?? randomUUID();
  return {
    async acquire(key, ttlMs) {
      return (await guard((r) => r.eval(ACQUIRE, 1, prefix + key, token, String(ttlMs)))) === 1;
    },
    async extend(key, ttlMs) {
      await guard((r) => r.eval(EXTEND, 1, prefix + key, token, String(ttlMs)));
    },
    async release(key) {
      await guard((r) => r.eval(RELEASE, 1, prefix + key, token));
    },
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
