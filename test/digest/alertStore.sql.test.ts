// /alert rules, their trigger state and close-flow subscriptions in the SQL store: a restart (a new
// process opening the same database) keeps them; two replicas adding at once get distinct ids;
// `fired` never goes down. SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/digest/openStore.ts';
import type { DigestStore } from '../../src/digest/store.ts';
import { freshDatabase, PG_URL } from '../helpers/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'alert-sql-'));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

interface Backend {
  name: string;
  /** A way to open "the same database" again, as a restarted process would. */
  opener(): Promise<() => Promise<DigestStore>>;
}
let n = 0;
const backends: Backend[] = [
  {
    name: 'sqlite',
    async opener() {
      const file = join(dir, `alerts-${++n}.sqlite`);
      return () => openStore({ DATA_HOME: dir }, { file });
    },
  },
];
if (PG_URL) {
  backends.push({
    name: 'postgres',
    async opener() {
      const db = await freshDatabase('sb_alerts');
      cleanups.push(db.drop);
      return () => openStore({ DATA_HOME: dir, DATABASE_URL: db.url });
    },
  });
}

describe.each(backends)('alert rules on $name', ({ opener }) => {
  it('a restart keeps the rules, their trigger state and the close-flow subscriptions', async () => {
    const open = await opener();
    const first = await open();
    const a1 = await first.addAlert('slack:C1', { condition: 'score>=80', cooldownMs: 30 * 24 * 3_600_000, by: 'U1' });
    const a2 = await first.addAlert('discord:D1', { condition: 'vkospiVixRatio>=2', cooldownMs: 3_600_000 });
    expect([a1.id, a2.id]).toEqual(['a1', 'a2']);
    await first.saveTrigger('a1', { armed: false, firedAt: '2026-01-06T00:45:00.000Z', falseSince: null, fired: 1 });
    await first.setCloseflow('slack:C1', true);
    await first.setCloseflow('discord:D1', true);
    await first.setCloseflow('discord:D1', false);
    await first.close();

    const again = await open();
    try {
      expect(await again.alerts('slack:C1')).toEqual([
        {
          id: 'a1', channel: 'slack:C1', condition: 'score>=80', cooldownMs: 2_592_000_000, createdBy: 'U1', createdAt: a1.createdAt,
          armed: false, firedAt: '2026-01-06T00:45:00.000Z', falseSince: null, fired: 1,
        },
      ]);
      expect((await again.alerts()).map((r) => r.id)).toEqual(['a1', 'a2']);
      expect(await again.closeflowChannels()).toEqual(['slack:C1']);
      // ids are never reused (a firing's ledger key holds its id): after removing a2 the next is a3
      expect(await again.removeAlert('slack:C1', 'a2')).toBe(false); // a2 is discord:D1's
      expect(await again.removeAlert('discord:D1', 'a2')).toBe(true);
      expect(await again.removeAlert('discord:D1', 'a2')).toBe(false); // already gone
      expect((await again.addAlert('slack:C1', { condition: 'score>=90', cooldownMs: 60_000 })).id).toBe('a3');
      expect((await again.alerts()).map((r) => r.id)).toEqual(['a1', 'a3']);
    } finally {
      await again.close();
    }
  });

  it('two replicas adding at once get distinct ids; an older trigger save never lowers `fired`', async () => {
    const open = await opener();
    const [a, b] = [await open(), await open()];
    try {
      const made = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).addAlert(`slack:C${i}`, { condition: 'score>=80', cooldownMs: 60_000 })));
      expect(new Set(made.map((r) => r.id)).size).toBe(6);
      await a.saveTrigger(made[0]!.id, { armed: false, firedAt: '2026-01-06T01:00:00.000Z', falseSince: null, fired: 3 });
      await b.saveTrigger(made[0]!.id, { armed: false, firedAt: '2026-01-06T01:00:00.000Z', falseSince: null, fired: 2 });
      expect((await a.alerts(made[0]!.channel))[0]!.fired).toBe(3);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
