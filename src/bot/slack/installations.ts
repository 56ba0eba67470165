// Bolt's InstallationStore over the bot's own store of Slack installations (the state lane's
// slack_installations table: SQLite or PostgreSQL), so every replica finds every workspace's token.
// Bolt's whole Installation is kept as JSON beside the columns, so fetches give it back unchanged
// (token rotation's refresh token and expiry included); the columns are what other code queries.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { InstallationQuery as StoreInstallationQuery, SlackInstallation } from '../../digest/store.ts';

/** One installed workspace or Enterprise Grid org, as the store keeps it. */
export type SlackInstallationRow = SlackInstallation;
export type RowQuery = StoreInstallationQuery;

/** The store's installation methods (the digest store has them). */
export interface InstallationRows {
  saveInstallation(row: SlackInstallationRow): Promise<void>;
  installation(q: RowQuery): Promise<SlackInstallationRow | undefined>;
  deleteInstallation(q: RowQuery): Promise<boolean>;
}

/** An org-wide install is found by its enterprise id alone; a workspace install by its team. */
const rowQuery = (q: Pick<InstallationQuery<boolean>, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>): RowQuery =>
  q.isEnterpriseInstall ? { enterpriseId: q.enterpriseId ?? null, isEnterpriseInstall: true } : { teamId: q.teamId ?? null, enterpriseId: q.enterpriseId ?? null, isEnterpriseInstall: false };

export function toRow(installation: Installation, now = new Date()): SlackInstallationRow {
  const bot = installation.bot;
  if (!bot?.token) throw new Error('a Slack installation without a bot token (the app asks for bot scopes)');
  const isEnterpriseInstall = installation.isEnterpriseInstall === true;
  return {
    teamId: isEnterpriseInstall ? null : (installation.team?.id ?? null),
    enterpriseId: installation.enterprise?.id ?? null,
    isEnterpriseInstall,
    botToken: bot.token,
    botUserId: bot.userId ?? null,
    botId: bot.id ?? null,
    refreshToken: bot.refreshToken ?? null,
    // Bolt keeps expiresAt in epoch seconds.
    expiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000).toISOString() : null,
    installedAt: now.toISOString(),
    raw: JSON.stringify(installation),
  };
}

export function fromRow(row: SlackInstallationRow): Installation<'v2', boolean> {
  if (row.raw) return JSON.parse(row.raw) as Installation<'v2', boolean>;
  return {
    team: row.teamId ? { id: row.teamId } : undefined,
    enterprise: row.enterpriseId ? { id: row.enterpriseId } : undefined,
    isEnterpriseInstall: row.isEnterpriseInstall,
    user: { id: row.botUserId ?? '', token: undefined, scopes: undefined },
    bot: {
      token: row.botToken, userId: row.botUserId ?? '', id: row.botId ?? '', scopes: [],
      ...(row.refreshToken ? { refreshToken: row.refreshToken } : {}),
      ...(row.expiresAt ? { expiresAt: Math.floor(Date.parse(row.expiresAt) / 1000) } : {}),
    },
    authVersion: 'v2',
  } as Installation<'v2', boolean>;
}

export function installationStore(rows: InstallationRows): InstallationStore {
  return {
    async storeInstallation(installation) {
      await rows.saveInstallation(toRow(installation));
    },
    async fetchInstallation(query) {
      const row = await rows.installation(rowQuery(query));
      if (!row) throw new Error(`no Slack installation for ${query.isEnterpriseInstall ? `org ${query.enterpriseId}` : `team ${query.teamId}`}`);
      return fromRow(row);
    },
    async deleteInstallation(query) {
      await rows.deleteInstallation(rowQuery(query));
    },
  };
}
