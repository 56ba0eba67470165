import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, digestStorePath, openDigestStore } from '../../src/digest/store.ts';
import { testConfig } from '../../src/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'stressbot-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('digest store', () => {
  it('lives at DATA_HOME/stressbot.sqlite, creating the folder and the schema (user_version)', () => {
    const file = digestStorePath(testConfig({ DATA_HOME: join(dir, 'nested', 'var') }));
    expect(file).toBe(join(dir, 'nested', 'var', 'stressbot.sqlite'));
    const store = openDigestStore(file);
    store.subscribe('slack:C1', { time: '07:45', by: 'slack:U1' });
    store.close();
    expect(existsSync(file)).toBe(true);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
    // Reopening migrates nothing and keeps the rows.
    const again = openDigestStore(file);
    expect(again.get('slack:C1')).toMatchObject({ channel: 'slack:C1', digest: true, time: '07:45', alertScore: null, createdBy: 'slack:U1' });
    again.close();
  });

  it('refuses a database from a newer build', () => {
    const file = join(dir, 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDigestStore(file)).toThrow(/newer than this build/);
  });

  it('subscribes, re-subscribes with a new time, sets and clears alerts, unsubscribes', () => {
    const s = openDigestStore(':memory:');
    expect(s.subscribe('slack:C1', {}).time).toBeNull();
    expect(s.subscribe('slack:C1', { time: '08:00' }).time).toBe('08:00');
    expect(s.setAlert('slack:C1', 80)).toMatchObject({ digest: true, alertScore: 80, time: '08:00' });
    // An alert alone is a row that does not get the digest; clearing it leaves nothing behind.
    expect(s.setAlert('discord:9', 70)).toMatchObject({ digest: false, alertScore: 70 });
    expect(s.setAlert('discord:9', null)).toBeUndefined();
    expect(s.list().map((x) => x.channel)).toEqual(['slack:C1']);
    expect(s.unsubscribe('slack:C1')).toBe(true);
    expect(s.unsubscribe('slack:C1')).toBe(false);
    expect(s.list()).toEqual([]);
    s.close();
  });

  it('claims a (channel, day, kind) once, even from a second connection to the same file', () => {
    const file = join(dir, 'ledger.sqlite');
    const a = openDigestStore(file);
    const b = openDigestStore(file);
    expect(a.claim('slack:C1', '2025-03-04', 'digest')).toBe(true);
    expect(b.claim('slack:C1', '2025-03-04', 'digest')).toBe(false);
    expect(b.claim('slack:C1', '2025-03-04', 'alert')).toBe(true);
    expect(b.post('slack:C1', '2025-03-04', 'digest')).toMatchObject({ status: 'pending', attempts: 0 });
    a.finish('slack:C1', '2025-03-04', 'digest', 'failed', 3, 'HTTP 500');
    expect(b.post('slack:C1', '2025-03-04', 'digest')).toMatchObject({ status: 'failed', attempts: 3, error: 'HTTP 500' });
    expect(b.recentPosts('slack:C1').map((p) => `${p.day} ${p.kind}`)).toEqual(['2025-03-04 alert', '2025-03-04 digest']);
    a.close();
    b.close();
  });
});

describe('several processes opening one new database file at once', () => {
  it('migrate it once, none failing (replicas starting together, or a restart racing the old process)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sb-race-')), 'stressbot.sqlite');
    const storeUrl = pathToFileURL(resolve(import.meta.dirname, '../../src/digest/store.ts')).href;
    // Every child loads first, then all open the file at the same instant.
    const at = Date.now() + 2500;
    const script = `const { openDigestStore } = await import(${JSON.stringify(storeUrl)}); while (Date.now() < ${at}); openDigestStore(${JSON.stringify(file)}).close();`;
    const codes = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<number | null>((done) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          child.stderr.on('data', (d) => (err += d));
          child.on('exit', (code) => done(code === 0 ? 0 : (console.error(err), code)));
        }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    const store = openDigestStore(file);
    expect(store.list()).toEqual([]);
    store.close();
  });
});
