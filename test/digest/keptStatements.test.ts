// The SQLite connection behind Kysely keeps its prepared statements: each SQL text is prepared once,
// the same answers come back, and only the most recent `max` texts are kept.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { keptStatements } from '../../src/digest/openStore.ts';

describe('keptStatements', () => {
  it('prepares each SQL text once, answers as a fresh statement would, and keeps only the most recent max', async () => {
    const raw = new Database(':memory:');
    const prepared: string[] = [];
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((text: string) => (prepared.push(text), prepare(text))) as typeof raw.prepare;
    const db = new Kysely<{ t: { k: string; v: number } }>({ dialect: new SqliteDialect({ database: keptStatements(raw, 2) }) });
    await sql`create table t (k text primary key, v integer)`.execute(db);
    for (const [k, v] of [['a', 1], ['b', 2], ['c', 3]] as const) await db.insertInto('t').values({ k, v }).execute();
    const read = (k: string) => db.selectFrom('t').select('v').where('k', '=', k).executeTakeFirst();
    expect([await read('a'), await read('b'), await read('zz')]).toEqual([{ v: 1 }, { v: 2 }, undefined]);
    const select = prepared.filter((s) => s.startsWith('select'));
    expect(select).toHaveLength(1); // one text, whatever the parameters
    expect(prepared.filter((s) => s.startsWith('insert'))).toHaveLength(1);
    // Two other texts since: the select was the oldest of three, so it is prepared again.
    await db.selectFrom('t').select('k').execute();
    await db.selectFrom('t').select('v').execute();
    await read('c');
    expect(prepared.filter((s) => s.startsWith('select'))).toHaveLength(4);
    expect(await read('c')).toEqual({ v: 3 });
    await db.destroy();
    expect(raw.open).toBe(false);
  });
});
