// A bad store never stops the bot: openStore resolves whatever DATA_HOME holds, says why it is down,
// answers "unavailable" within seconds, keeps the event loop free, moves damaged files aside (never
// deleting them), and notices a file deleted or replaced under it.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync, closeSync, renameSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/digest/openStore.ts';
import { StoreUnavailableError, type DigestStore } from '../../src/digest/store.ts';

const root = mkdtempSync(join(tmpdir(), 'stressbot-bad-'));
const opened: DigestStore[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
  rmSync(root, { recursive: true, force: true });
});
let n = 0;
const home = () => {
  const d = join(root, `h${++n}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const open = async (dataHome: string, opts: Parameters<typeof openStore>[1] = {}) => {
  const s = await openStore({ DATA_HOME: dataHome }, opts);
  opened.push(s);
  return s;
};

/** uid and gid of nobody on Debian. */
const NOBODY = 65534;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The longest the event loop was held while `work` ran (a 5 ms interval's worst lateness). */
async function maxLoopStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last - 5);
    last = t;
  }, 5);
  try {
    const result = await work();
    return { result, stallMs: worst };
  } finally {
    clearInterval(timer);
  }
}

describe('a bad store at start', () => {
  it('DATA_HOME is a file: down with the reason; every call says unavailable at once', async () => {
    const file = join(root, 'not-a-folder');
    writeFileSync(file, 'x');
    const s = await open(file);
    expect(await s.health()).toEqual({ ok: false, backend: 'sqlite', reason: `DATA_HOME ${file} is not a folder` });
    const t0 = performance.now();
    await expect(s.subscribe('slack:C1', {})).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  // In a child process, as nobody when the tests run as root (as CI does), who would read the folder anyway.
  it('DATA_HOME inside a folder no one may enter: down with the reason', async (ctx) => {
    const asNobody = process.getuid?.() === 0;
    const as = asNobody ? { uid: NOBODY, gid: NOBODY } : {};
    const entry = new URL('../../src/digest/openStore.ts', import.meta.url).href;
    const code = 'const { openStore } = await import(process.env.ENTRY); const s = await openStore({ DATA_HOME: process.env.PROBE_HOME }); console.log(JSON.stringify(await s.health())); await s.close();';
    const healthIn = (dataHome: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        ...as,
        env: { ...process.env, ENTRY: entry, PROBE_HOME: dataHome },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const outer = mkdtempSync(join(tmpdir(), 'stressbot-locked-'));
    chmodSync(outer, 0o777);
    const locked = join(outer, 'locked');
    mkdirSync(locked, { mode: 0o000 });
    try {
      // The control: the same child in a folder it may enter opens the store (else this machine cannot run it here).
      const control = healthIn(join(outer, 'open'));
      if (control.status !== 0 && asNobody) ctx.skip(`a child process as uid ${NOBODY} cannot open a store here: ${(control.error?.message ?? control.stderr).slice(0, 200)}`);
      expect(control.status, control.stderr).toBe(0);
      expect(JSON.parse(control.stdout)).toEqual({ ok: true, backend: 'sqlite' });

      const dataHome = join(locked, 'inner');
      const probe = healthIn(dataHome);
      expect(probe.status, probe.stderr).toBe(0);
      expect(JSON.parse(probe.stdout)).toEqual({ ok: false, backend: 'sqlite', reason: expect.stringContaining(`cannot create DATA_HOME ${dataHome}: EACCES`) });
    } finally {
      chmodSync(locked, 0o700);
      rmSync(outer, { recursive: true, force: true });
    }
  });

  it('random bytes: moved aside (kept, not deleted), a new store starts, and the notice says where the old one went', async () => {
    const d = home();
    const junk = randomBytes(8192);
    writeFileSync(join(d, 'stressbot.sqlite'), junk);
    const s = await open(d);
    expect(await s.health()).toMatchObject({ ok: true, note: expect.stringMatching(/moved aside to .*stressbot\.sqlite\.corrupt-/) });
    const aside = readdirSync(d).find((f) => f.startsWith('stressbot.sqlite.corrupt-'))!;
    expect(aside).toBeDefined();
    expect(s.notice()).toContain(aside);
    expect((await s.subscribe('slack:C1', {})).digest).toBe(true);
  });

  it('a corrupt page (page 2 of a real database): caught by the integrity check at open, moved aside', async () => {
    const d = home();
    const file = join(d, 'stressbot.sqlite');
    const first = await openStore({ DATA_HOME: d });
    for (let i = 0; i < 300; i++) await first.subscribe(`slack:C${i}`, { time: '08:00', by: `slack:U${'x'.repeat(40)}${i}` });
    await first.close();
    const raw = new Database(file);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, randomBytes(pageSize), 0, pageSize, pageSize); // page 2
    closeSync(fd);
    const s = await open(d);
    expect(s.notice()).toMatch(/unreadable .* moved aside/s);
    expect(readdirSync(d).some((f) => f.startsWith('stressbot.sqlite.corrupt-'))).toBe(true);
    expect(await s.list()).toEqual([]);
  });

  it('exclusively locked by another connection: down within seconds without holding the event loop, up once released', async () => {
    const d = home();
    const file = join(d, 'stressbot.sqlite');
    await (await openStore({ DATA_HOME: d })).close();
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    const { result: s, stallMs } = await maxLoopStall(() => open(d, { busyMs: 1_500, reopenMs: 300 }));
    expect(stallMs).toBeLessThan(200);
    expect(await s.health()).toEqual({ ok: false, backend: 'sqlite', reason: 'the database is locked by another process' });
    holder.exec('COMMIT');
    holder.close();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await s.health()).toEqual({ ok: true, backend: 'sqlite' });
  });
});

describe('a bad store while running', () => {
  it('locked by another process: calls answer "unavailable" in seconds, the loop keeps turning, and it recovers', async () => {
    const d = home();
    const s = await open(d, { busyMs: 1_000 });
    await s.subscribe('slack:C1', {});
    const holder = new Database(join(d, 'stressbot.sqlite'));
    holder.exec('BEGIN IMMEDIATE'); // what the drill did: a writer that never commits
    const t0 = performance.now();
    const { result, stallMs } = await maxLoopStall(() => s.subscribe('slack:C2', {}).then(() => 'ok', (e: unknown) => e));
    expect(result).toBeInstanceOf(StoreUnavailableError);
    expect((result as Error).message).toBe('Subscriptions are unavailable right now (the database is locked by another process); try again in a minute.');
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(stallMs).toBeLessThan(200);
    expect((await s.list()).length).toBe(1); // reads still work beside a writer (WAL)
    holder.exec('ROLLBACK');
    holder.close();
    expect((await s.subscribe('slack:C2', {})).channel).toBe('slack:C2');
  });

  it('locked, with five writers waiting at once: sockets and files are still served (an I/O round stays under 60 ms)', async () => {
    const d = home();
    const s = await open(d, { busyMs: 1_000 });
    await s.subscribe('slack:C1', {});
    const holder = new Database(join(d, 'stressbot.sqlite'));
    holder.exec('BEGIN IMMEDIATE');
    // An I/O callback runs only between turns of the loop, after every timer due: a busy wait inside a retry
    // timer delays it, and so do all the others due at the same time (with a 20 ms busy timeout: up to 361 ms).
    let worstRoundMs = 0;
    let rounds = 0;
    let waiting = true;
    const probe = (async () => {
      while (waiting) {
        const t = performance.now();
        await stat(d);
        worstRoundMs = Math.max(worstRoundMs, performance.now() - t);
        rounds++;
      }
    })();
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((i) => s.subscribe(`slack:W${i}`, {}).then(() => 'subscribed', (e: unknown) => (e as Error).name)));
    waiting = false;
    await probe;
    holder.exec('ROLLBACK');
    holder.close();
    expect(outcomes).toEqual(Array(5).fill('StoreUnavailableError'));
    expect(rounds).toBeGreaterThan(100);
    expect(worstRoundMs).toBeLessThan(60);
  });

  it('deleted while running: noticed by the next call once checkMs has passed, and restored from the open connection, rows kept', async () => {
    const d = home();
    const file = join(d, 'stressbot.sqlite');
    const s = await open(d, { checkMs: 50 });
    await s.subscribe('slack:KEEP', { time: '07:00' });
    for (const f of readdirSync(d)) if (f.startsWith('stressbot.sqlite')) rmSync(join(d, f));
    expect(existsSync(file)).toBe(false);
    await sleep(60);
    expect(await s.get('slack:KEEP')).toMatchObject({ time: '07:00' });
    expect(existsSync(file)).toBe(true);
    expect(s.notice()).toMatch(/was deleted while the bot ran; it was restored/);
    const again = await open(d);
    expect(await again.get('slack:KEEP')).toMatchObject({ time: '07:00' });
  });

  it('replaced while running: noticed by the next call once checkMs has passed; the rows it had are saved beside it and the new file is used', async () => {
    const d = home();
    const file = join(d, 'stressbot.sqlite');
    const s = await open(d, { checkMs: 50 });
    await s.subscribe('slack:OLD', {});
    const other = await openStore({ DATA_HOME: home() });
    await other.subscribe('slack:NEW', {});
    await other.close();
    renameSync(join(root, `h${n}`, 'stressbot.sqlite'), file);
    await sleep(60);
    expect((await s.list()).map((x) => x.channel)).toEqual(['slack:NEW']);
    expect(s.notice()).toMatch(/was replaced while the bot ran; the rows this process had were saved to/);
    const saved = readdirSync(d).find((f) => f.startsWith('stressbot.sqlite.replaced-'))!;
    const raw = new Database(join(d, saved), { readonly: true });
    expect(raw.prepare('SELECT channel FROM subscriptions').all()).toEqual([{ channel: 'slack:OLD' }]);
    raw.close();
  });

  it('overwritten in place with garbage: the damage is reported, the file moved aside, and a new store takes over', async () => {
    const d = home();
    const file = join(d, 'stressbot.sqlite');
    const s = await open(d);
    await s.subscribe('slack:C1', {});
    const raw = new Database(file);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, randomBytes(4096), 0, 4096, 0);
    closeSync(fd);
    for (const f of ['-wal', '-shm']) if (existsSync(file + f)) rmSync(file + f);
    let err: unknown;
    try {
      await s.subscribe('slack:C2', {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(readdirSync(d).some((f) => f.startsWith('stressbot.sqlite.corrupt-'))).toBe(true);
    expect(s.notice()).toMatch(/damaged while running/);
    expect(await s.health()).toMatchObject({ ok: true });
    expect(await s.list()).toEqual([]);
  });
});

describe('PostgreSQL unreachable', () => {
  it('is down with the reason at start, and every call says unavailable', async () => {
    const s = await openStore({ DATA_HOME: root, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, { reopenMs: 60_000 });
    opened.push(s);
    const h = await s.health();
    expect(h.ok).toBe(false);
    expect(!h.ok && h.reason).toMatch(/ECONNREFUSED/);
    await expect(s.list()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
