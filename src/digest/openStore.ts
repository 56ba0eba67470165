// Opening the store so that a bad one never stops the bot: whatever DATA_HOME or DATABASE_URL
// holds, openStore resolves, and a store that cannot answer says why (health(), and a
// StoreUnavailableError naming the reason from every call) while the platforms keep running.
// SQLite runs on the main thread with no busy timeout: a database locked by another process answers
// SQLITE_BUSY at once and the call retries on a timer, so the lock costs the event loop only the failed
// tries (microseconds each) and the caller an answer that says "unavailable" within BUSY_MS. (With a
// 20 ms busy timeout each try blocked the loop, and the tries of callers waiting together ran back to
// back: five subscribes on a locked file held every socket for up to 361 ms.) A damaged file is moved
// aside (never deleted); a file deleted or replaced while running is noticed, and what this process
// still had is saved.
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import type pgTypes from 'pg';
import type { Config } from '../config.ts';
import { silentLogger, type Logger } from '../infra/log.ts';
import type { Tables } from './migrations.ts';
import { migrate, sqlStore, type SqlStore } from './sqlStore.ts';
import { StoreUnavailableError, type DigestStore, type StoreBackend, type StoreHealth } from './store.ts';

export const storeFile = (config: Pick<Config, 'DATA_HOME'>): string => join(config.DATA_HOME, 'stressbot.sqlite');

export interface OpenStoreOptions {
  log?: Logger;
  clock?: () => Date;
  /** How long a call waits out a locked database before it answers "unavailable". */
  busyMs?: number;
  /** How often a store that is down tries to open again. */
  reopenMs?: number;
  /** How often the SQLite file is checked for deletion or replacement while idle. */
  watchMs?: number;
  /** A call checks the SQLite file is still in place when the last check is older than this (default 1 s). */
  checkMs?: number;
}

export const BUSY_MS = 2_000;

type Trouble = 'busy' | 'corrupt' | 'unreachable' | 'other';

function codeOf(err: unknown): string {
  const e = err as { code?: unknown } | undefined;
  return typeof e?.code === 'string' ? e.code : '';
}

function classify(err: unknown): Trouble {
  const code = codeOf(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || (err as { corrupt?: boolean })?.corrupt) return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_FULL') return 'unreachable';
  // node-postgres: socket errors, and SQLSTATE class 08 (connection), 57P (operator intervention), 53 (resources).
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE|EAI_AGAIN)$/.test(code) || /^(08|57P|53)/.test(code)) return 'unreachable';
  const msg = err instanceof Error ? err.message : '';
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(msg)) return 'unreachable';
  return 'other';
}

function reasonOf(err: unknown): string {
  if ((err as { said?: boolean })?.said) return (err as Error).message;
  const code = codeOf(err);
  const msg = err instanceof Error ? err.message : String(err);
  return code && !msg.includes(code) ? `${msg} (${code})` : msg;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const stampForFile = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

interface Opened {
  db: Kysely<Tables>;
  store: SqlStore;
  /** The SQLite file's identity when opened (undefined for PostgreSQL or :memory:). */
  inode?: { dev: number; ino: number };
  /** SQLite: copies what this connection holds into `path` (VACUUM INTO). */
  saveTo?: (path: string) => void;
}

/** Opens the SQLite file, checking every page: a file SQLite cannot read fails here, not later in the scheduler. */
function openSqlite(file: string, clock: () => Date): Opened {
  if (file !== ':memory:') {
    const dir = dirname(file);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      const code = codeOf(err);
      throw Object.assign(new Error(code === 'EEXIST' || code === 'ENOTDIR' ? `DATA_HOME ${dir} is not a folder` : `cannot create DATA_HOME ${dir}: ${reasonOf(err)}`), { code: 'SQLITE_CANTOPEN', said: true });
    }
    if (existsSync(file) && statSync(file).isDirectory()) throw Object.assign(new Error(`${file} is a folder, not a database file`), { code: 'SQLITE_CANTOPEN', said: true });
  }
  const raw = new Database(file, { timeout: 0 });
  try {
    raw.pragma('journal_mode = WAL');
    const check = raw.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`integrity check: ${String(check).slice(0, 200)}`), { code: 'SQLITE_CORRUPT' });
  } catch (err) {
    raw.close();
    throw err;
  }
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: keptStatements(raw) }) });
  const st = file === ':memory:' ? undefined : statSync(file);
  return {
    db,
    store: sqlStore(db, 'sqlite', clock),
    ...(st ? { inode: { dev: st.dev, ino: st.ino } } : {}),
    saveTo: (path) => raw.prepare('VACUUM INTO ?').run(path),
  };
}

/**
 * The connection as Kysely sees it, its statements prepared once per SQL text: Kysely prepares every
 * query anew, and preparing cost more than running the channel-language read that every ask makes
 * (`bench/process.ts` burst, CPU profile). The most recent `max` are kept. A kept statement is never
 * in use twice at once: Kysely's driver runs one query at a time on its one connection, and nothing here streams.
 */
export function keptStatements(raw: Database.Database, max = 200): SqliteDatabase {
  const kept = new Map<string, Database.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql) {
      let statement = kept.get(sql);
      if (statement) kept.delete(sql);
      else statement = raw.prepare(sql);
      // Map order is insertion order: re-inserted, the most recent is last and the oldest first out.
      kept.set(sql, statement);
      if (kept.size > max) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}

// Loaded only with DATABASE_URL: the SQLite default never needs it (start-up time).
const loadPg = () => createRequire(import.meta.url)('pg') as typeof pgTypes;

function openPostgres(url: string, log: Logger, clock: () => Date): Opened {
  const pool = new (loadPg().Pool)({ connectionString: url, max: 5, connectionTimeoutMillis: 3_000, statement_timeout: 5_000, query_timeout: 6_000 });
  // An idle client losing its connection emits here; without a listener it would end the process.
  pool.on('error', (err) => log.warn({ err }, 'postgres connection lost (the pool reconnects)'));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, store: sqlStore(db, 'postgres', clock) };
}

/** Moves a damaged SQLite file (and its -wal/-shm) aside, never deleting it; returns where it went. */
function moveAside(file: string, why: string, at: Date): string {
  const to = `${file}.${why}-${stampForFile(at)}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, to + suffix);
  }
  return to;
}

/**
 * The store for this configuration: PostgreSQL with DATABASE_URL, else SQLite in DATA_HOME (or
 * `file`, e.g. ':memory:'). Never rejects: a store that cannot open is returned down, says why,
 * and tries again every `reopenMs`.
 */
export async function openStore(
  config: Pick<Config, 'DATA_HOME'> & { DATABASE_URL?: string | undefined },
  opts: OpenStoreOptions & { file?: string } = {},
): Promise<DigestStore> {
  const log = opts.log ?? silentLogger;
  const clock = opts.clock ?? (() => new Date());
  const busyMs = opts.busyMs ?? BUSY_MS;
  const reopenMs = opts.reopenMs ?? 15_000;
  const postgresUrl = config.DATABASE_URL;
  const backend: StoreBackend = postgresUrl ? 'postgres' : 'sqlite';
  const file = opts.file ?? storeFile(config);
  let opened: Opened | undefined;
  let down: string | undefined = 'not opened yet';
  let notice: string | undefined;
  let closed = false;
  let reopenTimer: NodeJS.Timeout | undefined;
  let opening: Promise<void> | undefined;

  function scheduleReopen() {
    if (closed || reopenTimer) return;
    reopenTimer = setTimeout(() => {
      reopenTimer = undefined;
      void open();
    }, reopenMs);
    reopenTimer.unref();
  }

  async function tryOpen(): Promise<void> {
    // Replicas or a restart opening a new file together wait their turn to migrate.
    const until = Date.now() + Math.max(busyMs, 5_000);
    let wait = 25;
    let movedAside = false;
    for (;;) {
      let o: Opened | undefined;
      try {
        o = postgresUrl ? openPostgres(postgresUrl, log, clock) : openSqlite(file, clock);
        await migrate(o.db, backend);
      } catch (err) {
        await o?.store.close().catch(() => undefined);
        const trouble = classify(err);
        if (trouble === 'busy' && Date.now() + wait < until) {
          await sleep(wait);
          wait = Math.min(wait * 2, 250);
          continue;
        }
        if (trouble === 'corrupt' && backend === 'sqlite' && file !== ':memory:' && !movedAside) {
          const to = moveAside(file, 'corrupt', clock());
          movedAside = true;
          notice = `The subscription database was unreadable (${reasonOf(err)}) and was moved aside to ${to}; subscriptions start empty — subscribe again with /digest subscribe.`;
          log.error({ err, file, movedTo: to }, 'store: database file damaged; moved aside, starting a new one');
          continue;
        }
        throw err;
      }
      opened = o;
      return;
    }
  }

  async function open(): Promise<void> {
    if (opening) return opening;
    opening = (async () => {
      try {
        await tryOpen();
        if (closed) {
          await opened?.store.close();
          opened = undefined;
          return;
        }
        if (down !== 'not opened yet') log.info({ backend }, 'store available again');
        down = undefined;
      } catch (err) {
        const trouble = classify(err);
        down = trouble === 'busy' ? 'the database is locked by another process' : reasonOf(err);
        log.error({ err, backend, reason: down }, 'store unavailable: digest and subscriptions are down; retrying');
        scheduleReopen();
      } finally {
        opening = undefined;
      }
    })();
    return opening;
  }

  async function fail(reason: string, damaged: boolean): Promise<void> {
    const was = opened;
    if (!was) return;
    opened = undefined;
    down = reason;
    await was.store.close().catch(() => undefined);
    if (damaged && backend === 'sqlite' && existsSync(file)) {
      const to = moveAside(file, 'corrupt', clock());
      notice = `The subscription database was damaged while running (${reason}) and was moved aside to ${to}; subscriptions start empty — subscribe again with /digest subscribe.`;
      log.error({ file, movedTo: to, reason }, 'store: database file damaged while running; moved aside');
    }
    await open();
  }

  /** SQLite: the file this process opened must still be the one at its path. */
  let checkedAt = -Infinity;
  async function watchFile(): Promise<void> {
    const o = opened;
    if (!o?.inode || opening) return;
    checkedAt = performance.now();
    const st = statSync(file, { throwIfNoEntry: false });
    if (st && st.dev === o.inode.dev && st.ino === o.inode.ino) return;
    opened = undefined; // no call uses it while it is being saved
    const at = clock();
    if (!st) {
      // Deleted: this connection still holds every row; write them back where the file was.
      down = 'the database file was deleted while running';
      const tmp = `${file}.restoring-${stampForFile(at)}`;
      try {
        mkdirSync(dirname(file), { recursive: true });
        o.saveTo?.(tmp);
        await o.store.close();
        renameSync(tmp, file);
        notice = `The subscription database ${file} was deleted while the bot ran; it was restored from the running process.`;
        log.error({ file }, 'store: database file deleted while running; restored from the open connection');
      } catch (err) {
        await o.store.close().catch(() => undefined);
        log.error({ err, file }, 'store: database file deleted while running and could not be restored');
      }
    } else {
      down = 'the database file was replaced while running';
      const saved = `${file}.replaced-${stampForFile(at)}`;
      try {
        o.saveTo?.(saved);
        notice = `The subscription database ${file} was replaced while the bot ran; the rows this process had were saved to ${saved}, and the new file is in use.`;
        log.error({ file, savedTo: saved }, 'store: database file replaced while running; previous rows saved, opening the new file');
      } catch (err) {
        log.error({ err, file }, 'store: database file replaced while running; previous rows could not be saved');
      }
      // The -wal and -shm beside the path are the old file's: a new connection would replay them
      // into the new file. Kept beside the saved copy, before the old connection lets go.
      for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, `${saved}.old${suffix}`);
      await o.store.close().catch(() => undefined);
    }
    await open();
  }

  const watchTimer = backend === 'sqlite' && file !== ':memory:' ? setInterval(() => void watchFile().catch(() => undefined), opts.watchMs ?? 10_000) : undefined;
  watchTimer?.unref();

  // Not on every call: a burst's asks each read the channel's language, and a stat per ask was a visible part
  // of the ack path (`bench/process.ts`, CPU profile). Calls in the meantime still reach every row: a deleted
  // file's open connection holds them (and restores them), a replaced file's old rows are saved aside.
  const checkMs = opts.checkMs ?? 1_000;
  async function call<T>(fn: (s: SqlStore) => Promise<T>): Promise<T> {
    if (performance.now() - checkedAt >= checkMs) await watchFile();
    if (opening) await opening;
    const until = Date.now() + busyMs;
    // short first: another process's write holds the lock for about a millisecond
    let wait = 2;
    for (;;) {
      const o = opened;
      if (!o) throw new StoreUnavailableError(down ?? 'the store is closed');
      try {
        return await fn(o.store);
      } catch (err) {
        const trouble = classify(err);
        if (trouble === 'busy') {
          if (Date.now() + wait < until) {
            await sleep(wait);
            wait = Math.min(wait * 2, 200);
            continue;
          }
          throw new StoreUnavailableError('the database is locked by another process');
        }
        if (trouble === 'corrupt') {
          await fail(`the database file is damaged: ${reasonOf(err)}`, true);
          throw new StoreUnavailableError('the database file was damaged and has been moved aside');
        }
        if (trouble === 'unreachable') throw new StoreUnavailableError(backend === 'postgres' ? `PostgreSQL is unreachable: ${reasonOf(err)}` : reasonOf(err));
        throw err;
      }
    }
  }

  await open();

  return {
    backend,
    shared: backend === 'postgres',
    subscribe: (channel, o) => call((s) => s.subscribe(channel, o)),
    unsubscribe: (channel) => call((s) => s.unsubscribe(channel)),
    setAlert: (channel, score, by, workspace) => call((s) => s.setAlert(channel, score, by, workspace)),
    get: (channel) => call((s) => s.get(channel)),
    list: () => call((s) => s.list()),
    setting: (channel, key) => call((s) => s.setting(channel, key)),
    setSetting: (channel, key, value, workspace) => call((s) => s.setSetting(channel, key, value, workspace)),
    claim: (k, owner, leaseMs) => call((s) => s.claim(k, owner, leaseMs)),
    takeOver: (k, owner, leaseMs, reclaimFrom) => call((s) => s.takeOver(k, owner, leaseMs, reclaimFrom)),
    recordPart: (k, owner, part, ref, leaseMs) => call((s) => s.recordPart(k, owner, part, ref, leaseMs)),
    renew: (k, owner, leaseMs) => call((s) => s.renew(k, owner, leaseMs)),
    finish: (k, owner, status, attempts, error) => call((s) => s.finish(k, owner, status, attempts, error)),
    post: (k) => call((s) => s.post(k)),
    recentPosts: (channel, limit) => call((s) => s.recentPosts(channel, limit)),
    pendingPosts: () => call((s) => s.pendingPosts()),
    saveInstallation: (i) => call((s) => s.saveInstallation(i)),
    installation: (q) => call((s) => s.installation(q)),
    deleteInstallation: (q) => call((s) => s.deleteInstallation(q)),
    installations: () => call((s) => s.installations()),
    addAlert: (channel, rule) => call((s) => s.addAlert(channel, rule)),
    alerts: (channel) => call((s) => s.alerts(channel)),
    removeAlert: (channel, id) => call((s) => s.removeAlert(channel, id)),
    saveTrigger: (id, state) => call((s) => s.saveTrigger(id, state)),
    setCloseflow: (channel, on, workspace) => call((s) => s.setCloseflow(channel, on, workspace)),
    closeflowChannels: () => call((s) => s.closeflowChannels()),
    workspaceOf: (channel) => call((s) => s.workspaceOf(channel)),
    forgetWorkspace: (q, reason, also) => call((s) => s.forgetWorkspace(q, reason, also)),
    async health(): Promise<StoreHealth> {
      try {
        await call((s) => s.ping());
        return notice ? { ok: true, backend, note: notice } : { ok: true, backend };
      } catch (err) {
        return { ok: false, backend, reason: err instanceof StoreUnavailableError ? err.reason : reasonOf(err) };
      }
    },
    notice: () => notice,
    async close() {
      closed = true;
      if (reopenTimer) clearTimeout(reopenTimer);
      if (watchTimer) clearInterval(watchTimer);
      await opening;
      const o = opened;
      opened = undefined;
      down = 'the store is closed';
      await o?.store.close();
    },
  };
}
