// One list of schema steps for SQLite and PostgreSQL alike, run by kysely's Migrator (its own
// migration table; on PostgreSQL under pg_advisory_lock, so replicas starting together migrate once).
// Append, never edit. Types are the ones both databases spell the same way.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export interface Tables {
  subscriptions: {
    channel: string;
    digest: number;
    time: string | null;
    alert: number | null;
    created_by: string | null;
    created_at: string;
  };
  posts: {
    channel: string;
    day: string;
    kind: string;
    status: string;
    attempts: number;
    error: string | null;
    updated_at: string;
    owner: string | null;
    lease_until: string | null;
    parts: string | null;
  };
  channel_settings: {
    channel: string;
    key: string;
    value: string;
    updated_at: string;
  };
  slack_installations: {
    /** `E…` for an org-wide install, else the team id. */
    id: string;
    team_id: string | null;
    enterprise_id: string | null;
    is_enterprise_install: number;
    bot_token: string;
    bot_user_id: string | null;
    bot_id: string | null;
    refresh_token: string | null;
    expires_at: string | null;
    installed_at: string;
    raw: string | null;
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const MIGRATIONS: Record<string, Migration> = {
  // The layout the synchronous SQLite store had (user_version 1): kept as is, so its files open with their rows.
  '0001_subscriptions_posts': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('subscriptions')
        .ifNotExists()
        .addColumn('channel', 'text', (c) => c.primaryKey())
        .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('time', 'text')
        .addColumn('alert', 'double precision')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('posts')
        .ifNotExists()
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('digest', 'alert')`))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'sent', 'failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('posts_pk', ['channel', 'day', 'kind'])
        .execute();
    },
  },
  // The outbox: who sends a pending post, until when, and which of its parts reached the platform.
  '0002_outbox_settings_installations': {
    async up(db: AnyDb) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('posts').addColumn('owner', 'text').execute();
      await db.schema.alterTable('posts').addColumn('lease_until', 'text').execute();
      await db.schema.alterTable('posts').addColumn('parts', 'text').execute();
      await db.schema.createIndex('posts_status').on('posts').column('status').execute();
      await db.schema
        .createTable('channel_settings')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_settings_pk', ['channel', 'key'])
        .execute();
      await db.schema
        .createTable('slack_installations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text')
        .addColumn('enterprise_id', 'text')
        .addColumn('is_enterprise_install', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('bot_token', 'text', (c) => c.notNull())
        .addColumn('bot_user_id', 'text')
        .addColumn('bot_id', 'text')
        .addColumn('refresh_token', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('installed_at', 'text', (c) => c.notNull())
        .addColumn('raw', 'text')
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
