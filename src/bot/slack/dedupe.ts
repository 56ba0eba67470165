// Slack's redeliveries (events with X-Slack-Retry-Num, repeated trigger_ids), answered once.
import type { Redis } from 'ioredis';
import type { Logger } from '../../infra/log.ts';
import * as shared from '../../infra/dedupe.ts';

export type { Dedupe } from '../../infra/dedupe.ts';

/** Slack retries within minutes; ten covers every retry with room to spare. */
export const DEDUPE_TTL_MS = 10 * 60_000;

export const memoryDedupe = (ttlMs = DEDUPE_TTL_MS, maxKeys?: number, now?: () => number): shared.Dedupe =>
  shared.memoryDedupe(ttlMs, maxKeys, now);

export const redisDedupe = (redis: Pick<Redis, 'set'>, log: Logger, ttlMs = DEDUPE_TTL_MS, guard?: <T>(op: () => Promise<T>) => Promise<T>): shared.Dedupe =>
  shared.redisDedupe(redis, log, 'stressbot:slack:seen:', ttlMs, guard);
