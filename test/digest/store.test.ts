// The store's contract, run against embedded SQLite and (with TEST_DATABASE_URL) PostgreSQL: the
// same migrations, the same answers, and a ledger claim that only one caller wins.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, storeFile } from '../../src/digest/openStore.ts';
import { MIGRATIONS } from '../../src/digest/migrations.ts';
import type { DigestStore, PostKey } from '../../src/digest/store.ts';
import { testConfig } from '../../src/config.ts';
import { freshDatabase, PG_REASON, PG_URL } from '../helpers/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'stressbot-store-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

const K: PostKey = { channel: 'slack:C1', day: '2025-03-04', kind: 'digest' };

interface Backend {
  name: string;
  /** Two handles on one database (two replicas, or a restart racing the old process). */
  pair(): Promise<[DigestStore, DigestStore]>;
}

let n = 0;
const backends: Backend[] = [
  {
    name: 'sqlite',
    async pair() {
      const file = join(dir, `pair-${++n}.sqlite`);
      const a = await openStore({ DATA_HOME: dir }, { file });
      const b = await openStore({ DATA_HOME: dir }, { file });
      cleanups.push(() => a.close(), () => b.close());
      return [a, b];
    },
  },
];
if (PG_URL) {
  backends.push({
    name: 'postgres',
    async pair() {
      const db = await freshDatabase();
      const a = await openStore({ DATA_HOME: dir, DATABASE_URL: db.url });
      const b = await openStore({ DATA_HOME: dir, DATABASE_URL: db.url });
      cleanups.push(db.drop, () => a.close(), () => b.close());
      return [a, b];
    },
  });
}

describe.each(backends)('store on $name', ({ name, pair }) => {
  it('is up and says which backend it is', async () => {
    const [s] = await pair();
    expect(await s.health()).toEqual({ ok: true, backend: name });
    expect(s.shared).toBe(name === 'postgres');
  });

  it('subscribes, re-subscribes with a new time, sets and clears alerts, unsubscribes', async () => {
    const [s, other] = await pair();
    expect((await s.subscribe('slack:C1', {})).time).toBeNull();
    expect((await s.subscribe('slack:C1', { time: '08:00' })).time).toBe('08:00');
    expect(await s.setAlert('slack:C1', 72.5)).toMatchObject({ digest: true, alertScore: 72.5, time: '08:00' });
    // An alert alone is a row that does not get the digest; clearing it leaves nothing behind.
    expect(await s.setAlert('discord:9', 70)).toMatchObject({ digest: false, alertScore: 70 });
    expect(await s.setAlert('discord:9', null)).toBeUndefined();
    expect((await other.list()).map((x) => x.channel)).toEqual(['slack:C1']);
    expect(await s.unsubscribe('slack:C1')).toBe(true);
    expect(await other.unsubscribe('slack:C1')).toBe(false);
    expect(await s.list()).toEqual([]);
  });

  it('claims a (channel, day, kind) once, even from a second connection, and records parts only for its holder', async () => {
    const [a, b] = await pair();
    const both = await Promise.all([a.claim(K, 'a:1', 60_000), b.claim(K, 'b:1', 60_000)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const [winner, loser, wOwner, lOwner] = both[0] ? [a, b, 'a:1', 'b:1'] : [b, a, 'b:1', 'a:1'];
    expect(await loser.claim(K, lOwner, 60_000)).toBe(false);
    expect(await loser.claim({ ...K, kind: 'alert' }, lOwner, 60_000)).toBe(true);
    expect(await winner.recordPart(K, wOwner, 'headline', '1700000001.000100', 60_000)).toBe(true);
    expect(await loser.recordPart(K, lOwner, 'answer', 'x', 60_000)).toBe(false);
    expect(await loser.post(K)).toMatchObject({ status: 'pending', attempts: 0, owner: wOwner, parts: { headline: '1700000001.000100' } });
    await winner.finish(K, wOwner, 'failed', 3, 'HTTP 500');
    expect(await loser.post(K)).toMatchObject({ status: 'failed', attempts: 3, error: 'HTTP 500', leaseUntil: null });
    expect((await loser.recentPosts('slack:C1')).map((p) => `${p.day} ${p.kind}`)).toEqual(['2025-03-04 alert', '2025-03-04 digest']);
    expect((await a.pendingPosts()).map((p) => p.kind)).toEqual(['alert']);
  });

  it('hands a pending post over only when its lease has passed, or to the same replica’s next life', async () => {
    const [a, b] = await pair();
    await a.claim(K, 'ra:boot1', 60_000);
    expect(await b.takeOver(K, 'rb:boot1', 60_000)).toBeUndefined(); // the lease runs
    expect(await b.takeOver(K, 'rb:boot1', 60_000, 'rb:')).toBeUndefined(); // not b's own
    const mine = await a.takeOver(K, 'ra:boot2', 60_000, 'ra:');
    expect(mine).toMatchObject({ owner: 'ra:boot2', attempts: 1, status: 'pending' });
    expect(await a.renew(K, 'ra:boot1', 60_000)).toBe(false); // the old life no longer holds it
    const k2 = { ...K, channel: 'slack:C2' };
    await a.claim(k2, 'ra:boot2', -1_000); // a lease already over: its sender is gone
    expect(await b.takeOver(k2, 'rb:boot1', 60_000)).toMatchObject({ owner: 'rb:boot1' });
    // Only one of two racing takers wins.
    const k3 = { ...K, channel: 'slack:C3' };
    await a.claim(k3, 'gone:1', -1_000);
    const won = await Promise.all([a.takeOver(k3, 'ra:x', 60_000), b.takeOver(k3, 'rb:x', 60_000)]);
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('keeps per-channel settings and Slack installations', async () => {
    const [a, b] = await pair();
    await a.setSetting('slack:C1', 'lang', 'ko');
    await a.setSetting('slack:C1', 'lang', 'en');
    expect(await b.setting('slack:C1', 'lang')).toBe('en');
    await b.setSetting('slack:C1', 'lang', null);
    expect(await a.setting('slack:C1', 'lang')).toBeUndefined();
    const install = {
      teamId: 'T1', enterpriseId: null, isEnterpriseInstall: false, botToken: 'xoxb-1', botUserId: 'UBOT', botId: 'BBOT',
      refreshToken: 'xoxe-1', expiresAt: '2026-01-01T00:00:00.000Z', installedAt: '2025-03-04T00:00:00.000Z', raw: '{"team":{"id":"T1"}}',
    };
    await a.saveInstallation(install);
    await a.saveInstallation({ ...install, botToken: 'xoxb-2' }); // token rotation
    await a.saveInstallation({ ...install, teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true, botToken: 'xoxb-org' });
    expect(await b.installation({ teamId: 'T1' })).toEqual({ ...install, botToken: 'xoxb-2' });
    expect((await b.installation({ enterpriseId: 'E1', isEnterpriseInstall: true }))?.botToken).toBe('xoxb-org');
    expect((await b.installations()).length).toBe(2);
    expect(await b.deleteInstallation({ teamId: 'T1' })).toBe(true);
    expect(await a.installation({ teamId: 'T1' })).toBeUndefined();
  });

  it('records each channel’s workspace and forgets one workspace’s rows: a team, an org-wide install, a Discord server', async () => {
    const [a, b] = await pair();
    const T2 = { team: 'T2' };
    const org = { team: 'T7', enterprise: 'E1', orgInstall: true };
    await a.subscribe('slack:C2', { workspace: T2 });
    await a.setCloseflow('slack:C2b', true, T2);
    await a.setSetting('slack:C2b', 'lang', 'ko', T2);
    const rule = await a.addAlert('slack:C2b', { condition: 'score>=80', cooldownMs: 60_000, workspace: T2 });
    await a.setAlert('slack:C7', 70, 'slack:T7:U1', org);
    await a.subscribe('slack:C8', { workspace: { team: 'T8', enterprise: 'E1' } }); // the same org, its own workspace install
    await a.subscribe('slack:COLD', {}); // made before workspaces were recorded
    await a.subscribe('discord:100', { workspace: { team: 'G1' } });
    await a.subscribe('discord:101', {}); // the guild's channel, from before
    expect(await b.workspaceOf('slack:C7')).toEqual({ team: 'T7', enterprise: 'E1', orgInstall: true });
    expect(await b.workspaceOf('slack:COLD')).toBeUndefined();
    await a.claim({ channel: 'slack:C2', day: '2025-03-05', kind: 'digest' }, 'r:1', 60_000);

    const gone = await b.forgetWorkspace({ platform: 'slack', team: 'T2' }, 'the Slack workspace removed the app (app_uninstalled)');
    expect(gone).toEqual({ channels: ['slack:C2', 'slack:C2b'], subscriptions: 1, alerts: 1, settings: 2, posts: 1 });
    expect(await a.get('slack:C2')).toBeUndefined();
    expect(await a.closeflowChannels()).toEqual([]);
    expect(await a.setting('slack:C2b', 'lang')).toBeUndefined();
    expect(await a.alerts('slack:C2b')).toEqual([]);
    expect((await a.post({ channel: 'slack:C2', day: '2025-03-05', kind: 'digest' }))).toMatchObject({ status: 'failed', error: 'gave up: the Slack workspace removed the app (app_uninstalled)', leaseUntil: null });
    // The removed rule's id is never handed out again.
    expect((await a.addAlert('slack:C9', { condition: 'score>=90', cooldownMs: 60_000 })).id).not.toBe(rule.id);

    // The org-wide install takes what was set up through it, not the org's own workspace installs.
    expect((await b.forgetWorkspace({ platform: 'slack', enterprise: 'E1', orgInstall: true }, 'org removed')).channels).toEqual(['slack:C7']);
    expect((await a.list()).map((s) => s.channel)).toEqual(['discord:100', 'discord:101', 'slack:C8', 'slack:COLD']);

    // A Discord server: its recorded channels and those the gateway still knew, never another platform's.
    const guild = await b.forgetWorkspace({ platform: 'discord', team: 'G1' }, 'removed from the server', ['discord:101', 'slack:COLD']);
    expect(guild.channels).toEqual(['discord:100', 'discord:101']);
    expect((await a.list()).map((s) => s.channel)).toEqual(['slack:C8', 'slack:COLD']);
    expect(await b.forgetWorkspace({ platform: 'slack', team: 'T404' }, 'nothing')).toEqual({ channels: [], subscriptions: 0, alerts: 0, settings: 0, posts: 0 });
  });
});

describe('store on sqlite: the file', () => {
  it('lives at DATA_HOME/stressbot.sqlite, creating the folder; reopening migrates nothing and keeps the rows', async () => {
    const config = testConfig({ DATA_HOME: join(dir, 'nested', 'var') });
    expect(storeFile(config)).toBe(join(dir, 'nested', 'var', 'stressbot.sqlite'));
    const s = await openStore(config);
    await s.subscribe('slack:C1', { time: '07:45', by: 'slack:U1' });
    await s.close();
    expect(existsSync(storeFile(config))).toBe(true);
    const raw = new Database(storeFile(config), { readonly: true });
    expect(raw.prepare('SELECT name FROM kysely_migration ORDER BY name').all()).toEqual(Object.keys(MIGRATIONS).map((name) => ({ name })));
    raw.close();
    const again = await openStore(config);
    expect(await again.get('slack:C1')).toMatchObject({ channel: 'slack:C1', digest: true, time: '07:45', alertScore: null, createdBy: 'slack:U1' });
    await again.close();
  });

  it('opens a file of the earlier synchronous store (user_version 1) with its rows', async () => {
    const file = join(dir, 'legacy.sqlite');
    const raw = new Database(file);
    raw.exec(`CREATE TABLE subscriptions (channel TEXT PRIMARY KEY, digest INTEGER NOT NULL DEFAULT 1, time TEXT, alert REAL, created_by TEXT, created_at TEXT NOT NULL);
      CREATE TABLE posts (channel TEXT NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (channel, day, kind));
      INSERT INTO subscriptions VALUES ('slack:OLD', 1, '08:10', 80, 'slack:U9', '2025-01-01T00:00:00.000Z');
      INSERT INTO posts VALUES ('slack:OLD', '2025-03-03', 'digest', 'sent', 1, NULL, '2025-03-02T23:30:00.000Z');
      PRAGMA user_version = 1;`);
    raw.close();
    const s = await openStore({ DATA_HOME: dir }, { file });
    expect(await s.get('slack:OLD')).toMatchObject({ time: '08:10', alertScore: 80 });
    expect(await s.post({ channel: 'slack:OLD', day: '2025-03-03', kind: 'digest' })).toMatchObject({ status: 'sent', parts: {} });
    await s.close();
  });

  it('refuses a database from a newer build (down, with the reason), keeping the file', async () => {
    const file = join(dir, 'newer.sqlite');
    const first = await openStore({ DATA_HOME: dir }, { file });
    await first.close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01')").run();
    raw.close();
    const s = await openStore({ DATA_HOME: dir }, { file });
    const h = await s.health();
    expect(h.ok).toBe(false);
    expect(!h.ok && h.reason).toMatch(/9999_from_the_future/);
    expect(existsSync(file)).toBe(true);
    await s.close();
  });
});

describe('several processes opening one new database at once', () => {
  const race = async (config: Record<string, string>) => {
    const url = pathToFileURL(resolve(import.meta.dirname, '../../src/digest/openStore.ts')).href;
    // Every child loads first, then all open the store at the same instant.
    const at = Date.now() + 2500;
    const script = `const { openStore } = await import(${JSON.stringify(url)}); while (Date.now() < ${at}); const s = await openStore(${JSON.stringify(config)}); const h = await s.health(); await s.close(); if (!h.ok) { console.error(h.reason); process.exit(3); }`;
    return Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<number | null>((done) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          child.stderr.on('data', (d) => (err += d));
          child.on('exit', (code) => done(code === 0 ? 0 : (console.error(err), code)));
        }),
      ),
    );
  };

  it('SQLite: migrate it once, none failing (replicas starting together, or a restart racing the old process)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-race-'));
    expect(await race({ DATA_HOME: home })).toEqual([0, 0, 0, 0]);
    const raw = new Database(join(home, 'stressbot.sqlite'), { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM kysely_migration').get()).toEqual({ n: Object.keys(MIGRATIONS).length });
    raw.close();
  });

  it.skipIf(!PG_URL)(`PostgreSQL: migrate once under the advisory lock ${PG_URL ? '' : `(${PG_REASON})`}`, async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    expect(await race({ DATA_HOME: dir, DATABASE_URL: db.url })).toEqual([0, 0, 0, 0]);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query('SELECT name FROM kysely_migration ORDER BY name');
    await c.end();
    expect(rows.map((r: { name: string }) => r.name)).toEqual(Object.keys(MIGRATIONS));
  });
});
