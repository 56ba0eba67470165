// Discord interaction ids, answered once: a retried or replayed delivery gets no second answer.
import type { Redis } from 'ioredis';
import type { Logger } from '../../infra/log.ts';
import { memoryDedupe, redisDedupe, type Dedupe } from '../../infra/dedupe.ts';

/** An interaction token lives 15 minutes; nothing can arrive for it after that. */
export const SEEN_TTL_MS = 15 * 60_000;

export const memorySeen = (ttlMs = SEEN_TTL_MS, max = 50_000, now?: () => number): Dedupe => memoryDedupe(ttlMs, max, now);

export const redisSeen = (redis: Pick<Redis, 'set'>, log: Logger, ttlMs = SEEN_TTL_MS, guard?: <T>(op: () => Promise<T>) => Promise<T>): Dedupe =>
  redisDedupe(redis, log, 'stressbot:discord:interaction:', ttlMs, guard);
