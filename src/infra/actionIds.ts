// Follow-up lines behind short ids (Discord's custom_id holds 100 characters; a longer line waits
// here). The id is a hash of the line, so every replica names the same line alike; with Redis a click
// can reach a replica that never saw the answer. A local copy answers first: a click's lookup is one
// Map read on the replica that drew the buttons, never a wait behind other work.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ActionIds, ActionRefRow, Logger } from '../core/ports.ts';
import type { RedisClient } from './redis.ts';

export type { ActionIds } from '../core/ports.ts';

/** `stressbot:action:<id>` on every replica. */
export const ACTION_PREFIX = 'stressbot:action:';
/** Buttons stay on a Discord message for good; a line unclicked for 30 days is let go (the click then says "ask again"). */
export const ACTION_TTL_SEC = 30 * 86_400;

/** 12 hex characters (48 bits): the shape `decodeAction` accepts. */
export const shortId = (ref: ActionRefRow): string =>
  createHash('sha256').update(JSON.stringify([ref.line, ref.basis ?? ''])).digest('hex').slice(0, 12);

const rowOf = (ref: ActionRefRow): ActionRefRow => (ref.basis ? { line: ref.line, basis: ref.basis } : { line: ref.line });

function parseRow(text: string | null): ActionRefRow | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as { line?: unknown; basis?: unknown };
    if (typeof v.line !== 'string') return undefined;
    return typeof v.basis === 'string' ? { line: v.line, basis: v.basis } : { line: v.line };
  } catch {
    return undefined;
  }
}

/** One process: a restart forgets the lines, and a click then gets the usual "ask again" refusal. */
export function memoryActionIds(max = 10_000): ActionIds {
  const lines = new LRUCache<string, ActionRefRow>({ max });
  return {
    async put(ref) {
      const id = shortId(ref);
      lines.set(id, rowOf(ref));
      return id;
    },
    async get(id) {
      return lines.get(id);
    },
  };
}

/**
 * Every replica: SET EX on the shared client. During an outage the local copy still answers the
 * replica's own buttons; a put that could not reach Redis is only this replica's until it is back.
 */
export function redisActionIds(shared: RedisClient, log: Logger, ttlSec = ACTION_TTL_SEC): ActionIds {
  const local = memoryActionIds();
  let warned = 0;
  const warn = (err: unknown, what: string) => {
    // Once a minute at most: during an outage every answer with a long line comes through here.
    if (Date.now() - warned > 60_000) (warned = Date.now()), log.warn({ err }, `action id store unavailable (${what}); this replica's own ids still answer`);
  };
  return {
    async put(ref) {
      const id = await local.put(ref);
      try {
        await shared.guard((r) => r.set(`${ACTION_PREFIX}${id}`, JSON.stringify(rowOf(ref)), 'EX', ttlSec));
      } catch (err) {
        warn(err, 'put');
      }
      return id;
    },
    async get(id) {
      const mine = await local.get(id);
      if (mine) return mine;
      try {
        const row = parseRow(await shared.guard((r) => r.get(`${ACTION_PREFIX}${id}`)));
        if (row) await local.put(row);
        return row;
      } catch (err) {
        warn(err, 'get');
        return undefined;
      }
    },
  };
}

/** The process's store: on the shared Redis client when there is one, else in memory. */
export const processActionIds = (shared: RedisClient | undefined, log: Logger): ActionIds =>
  shared ? redisActionIds(shared, log) : memoryActionIds();
