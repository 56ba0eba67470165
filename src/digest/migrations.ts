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
  alert_rules: {
    id: string;
    /** The number in `id` (a1 → 1): the next rule takes the highest plus one. */
    seq: number;
    channel: string;
    condition: string;
    cooldown_ms: number;
    created_by: string | null;
    created_at: string;
    armed: number;
    fired_at: string | null;
    false_since: string | null;
    fired: number;
    /** Set by /alert remove: the row stays so its id (and so its ledger keys) is never handed out again. */
    removed_at: string | null;
  };
  channel_workspaces: {
    /** platform:channel, as the other tables key it. */
    channel: string;
    /** Slack team id, or Discord guild id. */
    team: string;
    enterprise: string | null;
    /** 1: set up through the Slack org-wide install of `enterprise`. */
    org_install: number;
    updated_at: string;
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
  // /alert rules and their edge-trigger state (the close-flow subscription is a channel setting).
  '0003_alert_rules': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('alert_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull().unique())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('condition', 'text', (c) => c.notNull())
        // bigint: a cooldown of weeks in ms passes PostgreSQL's 32-bit integer
        .addColumn('cooldown_ms', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('armed', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('fired_at', 'text')
        .addColumn('false_since', 'text')
        .addColumn('fired', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('alert_rules_channel').on('alert_rules').column('channel').execute();
    },
  },
  // Where each channel with subscriptions, alerts or settings was set up from (its Slack team and org,
  // or Discord guild): a distributed Slack app posts with that team's token, and an uninstall (or the
  // bot removed from a server) removes that workspace's rows. Rows made before this have none, and
  // keep working where one token serves every channel (SLACK_BOT_TOKEN).
  '0004_channel_workspaces': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('channel_workspaces')
        .addColumn('channel', 'text', (c) => c.primaryKey())
        .addColumn('team', 'text', (c) => c.notNull())
        .addColumn('enterprise', 'text')
        .addColumn('org_install', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('channel_workspaces_team').on('channel_workspaces').columns(['team', 'org_install']).execute();
      await db.schema.createIndex('channel_workspaces_enterprise').on('channel_workspaces').columns(['enterprise', 'org_install']).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
