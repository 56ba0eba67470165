// The store's queries, written once with kysely for SQLite and PostgreSQL alike.
import { Migrator, createQueryId, sql, type Kysely } from 'kysely';
import { migrationProvider, type Tables } from './migrations.ts';
import type { AlertRule, Workspace } from '../core/ports.ts';
import type {
  DigestStore, Forgotten, InstallationQuery, PostKey, PostKind, PostRecord, PostStatus, SlackInstallation, StoreBackend, Subscription, WorkspaceQuery,
} from './store.ts';

type SubRow = Tables['subscriptions'];
type PostRow = Tables['posts'];
type InstallRow = Tables['slack_installations'];
type RuleRow = Tables['alert_rules'];

const toRule = (r: RuleRow): AlertRule => ({
  id: r.id, channel: r.channel, condition: r.condition, cooldownMs: Number(r.cooldown_ms), createdBy: r.created_by, createdAt: r.created_at,
  armed: Number(r.armed) === 1, firedAt: r.fired_at, falseSince: r.false_since, fired: Number(r.fired),
});

/** The channel setting that subscribes a channel to the close-flow warning. */
const CLOSEFLOW_KEY = 'closeflow';

const toSub = (r: SubRow): Subscription => ({
  channel: r.channel, digest: Number(r.digest) === 1, time: r.time, alertScore: r.alert === null ? null : Number(r.alert), createdBy: r.created_by, createdAt: r.created_at,
});

function parseParts(text: string | null): Record<string, string> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

const toPost = (r: PostRow): PostRecord => ({
  channel: r.channel, day: r.day, kind: r.kind as PostKind, status: r.status as PostStatus, attempts: Number(r.attempts), error: r.error,
  updatedAt: r.updated_at, owner: r.owner, leaseUntil: r.lease_until, parts: parseParts(r.parts),
});

const toInstall = (r: InstallRow): SlackInstallation => ({
  teamId: r.team_id, enterpriseId: r.enterprise_id, isEnterpriseInstall: Number(r.is_enterprise_install) === 1, botToken: r.bot_token,
  botUserId: r.bot_user_id, botId: r.bot_id, refreshToken: r.refresh_token, expiresAt: r.expires_at, installedAt: r.installed_at, raw: r.raw,
});

/** An org-wide install is found by its enterprise; a workspace install by its team. */
function installId(q: InstallationQuery): string | undefined {
  if (q.isEnterpriseInstall && q.enterpriseId) return q.enterpriseId;
  return q.teamId ?? q.enterpriseId ?? undefined;
}

/** The channels recorded as set up through this installation (an org-wide one: through its org). */
async function workspaceChannels(db: Kysely<Tables>, q: WorkspaceQuery): Promise<string[]> {
  let sel = db.selectFrom('channel_workspaces').select('channel').where('channel', 'like', `${q.platform}:%`);
  if (q.orgInstall) {
    if (!q.enterprise) return [];
    sel = sel.where('enterprise', '=', q.enterprise).where('org_install', '=', 1);
  } else {
    if (!q.team) return [];
    sel = sel.where('team', '=', q.team).where('org_install', '=', 0);
  }
  return (await sel.execute()).map((r) => r.channel);
}

/**
 * Runs every pending migration; throws when the database is newer than this build. PostgreSQL:
 * kysely's Migrator holds pg_advisory_lock and a transaction. SQLite: kysely runs its steps without
 * a transaction there, so the whole run sits in BEGIN IMMEDIATE — two processes opening a new file
 * at once take turns (the second waits on the write lock, then finds nothing left to do).
 */
export async function migrate(db: Kysely<Tables>, backend: StoreBackend): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  if (backend === 'sqlite') {
    await sql`BEGIN IMMEDIATE`.execute(db);
    try {
      outcome = await migrator.migrateToLatest();
    } finally {
      await sql`${sql.raw(outcomeOk() ? 'COMMIT' : 'ROLLBACK')}`.execute(db).catch(() => undefined);
    }
  } else outcome = await migrator.migrateToLatest();
  function outcomeOk() {
    return outcome !== undefined && !outcome.error;
  }
  const { error, results } = outcome;
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), failed ? { migration: failed.migrationName } : {});
  }
}

export type SqlStore = Omit<DigestStore, 'health' | 'notice'> & { ping(): Promise<void> };

export function sqlStore(db: Kysely<Tables>, backend: StoreBackend, clock: () => Date = () => new Date()): SqlStore {
  // The channel-language read every ask makes, built and compiled once (its parameters filled in per call):
  // Kysely's builder and compiler cost about what running it does (`bench/process.ts` burst, CPU profile).
  const settingRead = db.selectFrom('channel_settings').select('value').where('channel', '=', '').where('key', '=', '').compile();
  const stamp = () => clock().toISOString();
  const later = (ms: number) => new Date(clock().getTime() + ms).toISOString();
  const getSub = async (channel: string) => {
    const row = await db.selectFrom('subscriptions').selectAll().where('channel', '=', channel).executeTakeFirst();
    return row ? toSub(row) : undefined;
  };
  const whereKey = <Q extends { where: (...a: any[]) => Q }>(q: Q, k: PostKey): Q =>
    q.where('channel', '=', k.channel).where('day', '=', k.day).where('kind', '=', k.kind);
  const getPost = async (k: PostKey) => {
    const row = await whereKey(db.selectFrom('posts').selectAll(), k).executeTakeFirst();
    return row ? toPost(row) : undefined;
  };
  /** The channel's workspace, as its latest setting-up command said (a Slack Connect channel may change hands). */
  const place = async (channel: string, w: Workspace | undefined) => {
    if (!w) return;
    const row = { team: w.team, enterprise: w.enterprise ?? null, org_install: w.orgInstall ? 1 : 0, updated_at: stamp() };
    await db.insertInto('channel_workspaces').values({ channel, ...row }).onConflict((oc) => oc.column('channel').doUpdateSet(row)).execute();
  };

  return {
    backend,
    shared: backend === 'postgres',

    async subscribe(channel, { time = null, by, workspace }) {
      await place(channel, workspace);
      await db
        .insertInto('subscriptions')
        .values({ channel, digest: 1, time, created_by: by ?? null, created_at: stamp() })
        .onConflict((oc) => oc.column('channel').doUpdateSet({ digest: 1, time: (eb) => eb.ref('excluded.time') }))
        .execute();
      return (await getSub(channel))!;
    },
    async unsubscribe(channel) {
      const r = await db.deleteFrom('subscriptions').where('channel', '=', channel).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async setAlert(channel, score, by, workspace) {
      if (score === null) {
        await db.updateTable('subscriptions').set({ alert: null }).where('channel', '=', channel).execute();
        await db.deleteFrom('subscriptions').where('channel', '=', channel).where('digest', '=', 0).where('alert', 'is', null).execute();
      } else {
        await place(channel, workspace);
        await db
          .insertInto('subscriptions')
          .values({ channel, digest: 0, alert: score, created_by: by ?? null, created_at: stamp() })
          .onConflict((oc) => oc.column('channel').doUpdateSet({ alert: (eb) => eb.ref('excluded.alert') }))
          .execute();
      }
      return getSub(channel);
    },
    get: getSub,
    async list() {
      return (await db.selectFrom('subscriptions').selectAll().orderBy('channel').execute()).map(toSub);
    },

    async setting(channel, key) {
      const { rows } = await db.executeQuery<{ value: string }>({ ...settingRead, parameters: [channel, key], queryId: createQueryId() });
      return rows[0]?.value;
    },
    async setSetting(channel, key, value, workspace) {
      if (value === null) {
        await db.deleteFrom('channel_settings').where('channel', '=', channel).where('key', '=', key).execute();
        return;
      }
      await place(channel, workspace);
      await db
        .insertInto('channel_settings')
        .values({ channel, key, value, updated_at: stamp() })
        .onConflict((oc) => oc.columns(['channel', 'key']).doUpdateSet({ value, updated_at: stamp() }))
        .execute();
    },

    async claim(k, owner, leaseMs) {
      const r = await db
        .insertInto('posts')
        .values({ ...k, status: 'pending', attempts: 0, updated_at: stamp(), owner, lease_until: later(leaseMs), parts: '{}' })
        .onConflict((oc) => oc.columns(['channel', 'day', 'kind']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async takeOver(k, owner, leaseMs, reclaimFrom) {
      const now = stamp();
      // Each takeover counts the interrupted life as an attempt.
      const r = await whereKey(db.updateTable('posts').set((eb) => ({ owner, lease_until: later(leaseMs), updated_at: now, attempts: eb('attempts', '+', 1) })), k)
        .where('status', '=', 'pending')
        .where((eb) => {
          const expired = eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]);
          return reclaimFrom ? eb.or([expired, eb('owner', 'like', `${reclaimFrom.replace(/[%_]/g, '')}%`)]) : expired;
        })
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? getPost(k) : undefined;
    },
    async recordPart(k, owner, part, ref, leaseMs) {
      // Read, merge and write back guarded by the owner: only the holder writes this row.
      const row = await getPost(k);
      if (!row || row.owner !== owner || row.status !== 'pending') return false;
      const parts = JSON.stringify({ ...row.parts, [part]: ref });
      const r = await whereKey(db.updateTable('posts').set({ parts, lease_until: later(leaseMs), updated_at: stamp() }), k)
        .where('owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async renew(k, owner, leaseMs) {
      const r = await whereKey(db.updateTable('posts').set({ lease_until: later(leaseMs), updated_at: stamp() }), k)
        .where('owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async finish(k, owner, status, attempts, error) {
      await whereKey(db.updateTable('posts').set({ status, attempts, error: error ?? null, updated_at: stamp(), lease_until: null }), k)
        .where('owner', '=', owner)
        .execute();
    },
    post: getPost,
    async recentPosts(channel, limit = 5) {
      const rows = await db.selectFrom('posts').selectAll().where('channel', '=', channel).orderBy('day', 'desc').orderBy('kind').limit(limit).execute();
      return rows.map(toPost);
    },
    async pendingPosts() {
      const rows = await db.selectFrom('posts').selectAll().where('status', '=', 'pending').orderBy('day').orderBy('channel').execute();
      return rows.map(toPost);
    },

    async saveInstallation(i) {
      const id = installId(i);
      if (!id) throw new Error('a Slack installation needs a team or enterprise id');
      const row: InstallRow = {
        id, team_id: i.teamId, enterprise_id: i.enterpriseId, is_enterprise_install: i.isEnterpriseInstall ? 1 : 0, bot_token: i.botToken,
        bot_user_id: i.botUserId, bot_id: i.botId, refresh_token: i.refreshToken, expires_at: i.expiresAt, installed_at: i.installedAt, raw: i.raw,
      };
      const { id: _id, ...rest } = row;
      await db.insertInto('slack_installations').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)).execute();
    },
    async installation(q) {
      const id = installId(q);
      if (!id) return undefined;
      const row = await db.selectFrom('slack_installations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toInstall(row) : undefined;
    },
    async deleteInstallation(q) {
      const id = installId(q);
      if (!id) return false;
      const r = await db.deleteFrom('slack_installations').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async installations() {
      return (await db.selectFrom('slack_installations').selectAll().orderBy('id').execute()).map(toInstall);
    },

    async addAlert(channel, { condition, cooldownMs, by, workspace }) {
      await place(channel, workspace);
      // Two replicas adding at once draw the same seq: the loser's insert hits the unique key and draws again.
      for (let tries = 0; ; tries++) {
        const top = await db.selectFrom('alert_rules').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
        const seq = Number(top?.seq ?? 0) + 1;
        const row: RuleRow = {
          id: `a${seq}`, seq, channel, condition, cooldown_ms: cooldownMs, created_by: by ?? null, created_at: stamp(), armed: 1, fired_at: null, false_since: null, fired: 0, removed_at: null,
        };
        const r = await db.insertInto('alert_rules').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 1) return toRule(row);
        if (tries >= 20) throw new Error('could not allocate an alert id');
      }
    },
    async alerts(channel) {
      let q = db.selectFrom('alert_rules').selectAll().where('removed_at', 'is', null).orderBy('seq');
      if (channel !== undefined) q = q.where('channel', '=', channel);
      return (await q.execute()).map(toRule);
    },
    async removeAlert(channel, id) {
      // Kept, marked removed: a reused id would share its ledger keys (`<day>#<id>#<n>`) with the old rule's posts.
      const r = await db.updateTable('alert_rules').set({ removed_at: stamp() }).where('id', '=', id).where('channel', '=', channel).where('removed_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async saveTrigger(id, state) {
      // `fired` only grows: a scheduler saving an older state never lowers it.
      await db
        .updateTable('alert_rules')
        .set((eb) => ({
          armed: state.armed ? 1 : 0, fired_at: state.firedAt, false_since: state.falseSince,
          fired: sql<number>`CASE WHEN ${eb.ref('fired')} > ${state.fired} THEN ${eb.ref('fired')} ELSE ${state.fired} END`,
        }))
        .where('id', '=', id)
        .execute();
    },
    async setCloseflow(channel, on, workspace) {
      if (!on) {
        await db.deleteFrom('channel_settings').where('channel', '=', channel).where('key', '=', CLOSEFLOW_KEY).execute();
        return;
      }
      await place(channel, workspace);
      await db
        .insertInto('channel_settings')
        .values({ channel, key: CLOSEFLOW_KEY, value: 'on', updated_at: stamp() })
        .onConflict((oc) => oc.columns(['channel', 'key']).doUpdateSet({ value: 'on', updated_at: stamp() }))
        .execute();
    },
    async closeflowChannels() {
      const rows = await db.selectFrom('channel_settings').select('channel').where('key', '=', CLOSEFLOW_KEY).orderBy('channel').execute();
      return rows.map((r) => r.channel);
    },

    async workspaceOf(channel) {
      const row = await db.selectFrom('channel_workspaces').selectAll().where('channel', '=', channel).executeTakeFirst();
      return row ? { team: row.team, enterprise: row.enterprise, orgInstall: Number(row.org_install) === 1 } : undefined;
    },
    async forgetWorkspace(q, reason, alsoChannels = []) {
      // One transaction: a replica posting meanwhile sees all of the workspace's rows or none of them.
      return db.transaction().execute(async (trx) => {
        const recorded = await workspaceChannels(trx, q);
        const prefix = `${q.platform}:`;
        const channels = [...new Set([...recorded, ...alsoChannels.filter((c) => c.startsWith(prefix))])].sort();
        const gone: Forgotten = { channels, subscriptions: 0, alerts: 0, settings: 0, posts: 0 };
        if (!channels.length) return gone;
        const now = stamp();
        // Chunks keep each IN list far below SQLite's and PostgreSQL's bound-parameter limits.
        for (let i = 0; i < channels.length; i += 500) {
          const some = channels.slice(i, i + 500);
          gone.subscriptions += Number((await trx.deleteFrom('subscriptions').where('channel', 'in', some).executeTakeFirst()).numDeletedRows);
          gone.settings += Number((await trx.deleteFrom('channel_settings').where('channel', 'in', some).executeTakeFirst()).numDeletedRows);
          // Marked removed, as /alert remove does: the ids (and their ledger keys) are never handed out again.
          gone.alerts += Number((await trx.updateTable('alert_rules').set({ removed_at: now }).where('channel', 'in', some).where('removed_at', 'is', null).executeTakeFirst()).numUpdatedRows);
          // The sender of a pending post finds it no longer pending at its next recorded part, and stops.
          gone.posts += Number(
            (await trx.updateTable('posts').set({ status: 'failed', error: `gave up: ${reason}`.slice(0, 500), lease_until: null, updated_at: now })
              .where('channel', 'in', some).where('status', '=', 'pending').executeTakeFirst()).numUpdatedRows,
          );
          await trx.deleteFrom('channel_workspaces').where('channel', 'in', some).execute();
        }
        return gone;
      });
    },

    async ping() {
      await db.selectFrom('subscriptions').select('channel').limit(1).execute();
    },
    close: () => db.destroy(),
  };
}
