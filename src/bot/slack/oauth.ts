// Slack distribution: Bolt's own OAuth flow (@slack/oauth's InstallProvider inside the HTTPReceiver)
// with SLACK_CLIENT_ID / SLACK_CLIENT_SECRET / SLACK_STATE_SECRET. `/slack/install` serves the
// "Add to Slack" page, `/slack/oauth_redirect` exchanges the code (oauth.v2.access) and stores the
// installation; Bolt's authorize then hands each request's listener a client with the installing
// team's token. app_uninstalled / tokens_revoked remove the installation, and (through onRemoved) the
// team's subscriptions, alerts and channel settings.
import type { App, HTTPReceiverOptions } from '@slack/bolt';
import type { Config } from '../../config.ts';
import type { Logger } from '../../infra/log.ts';
import type { HttpServer } from '../../infra/http.ts';
import { installationStore, type InstallationRows } from './installations.ts';
import { SCOPES } from './scopes.ts';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';


export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
}

/** Distribution is on when the app's client id is set (the schema requires its secret and state secret with it). */
export function oauthCredentials(config: Pick<Config, 'SLACK_CLIENT_ID' | 'SLACK_CLIENT_SECRET' | 'SLACK_STATE_SECRET'>): OAuthCredentials | undefined {
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret } = config;
  return clientId && clientSecret && stateSecret ? { clientId, clientSecret, stateSecret } : undefined;
}

/** The HTTPReceiver's OAuth options over the bot's installation store. */
export function oauthReceiverOptions(credentials: OAuthCredentials, config: Pick<Config, 'SLACK_API_URL'>, rows: InstallationRows): Pick<HTTPReceiverOptions, 'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'installerOptions'> {
  return {
    ...credentials,
    scopes: SCOPES.map(([scope]) => scope),
    installationStore: installationStore(rows),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // The page with the "Add to Slack" button, not a bare redirect: the person sees what they install.
      directInstall: false,
      ...(config.SLACK_API_URL ? { clientOptions: { slackApiUrl: config.SLACK_API_URL } } : {}),
    },
  };
}

/** The two OAuth pages on the shared server, answered by Bolt's receiver. */
export function mountOAuth(http: HttpServer, listener: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void): void {
  http.route('GET', INSTALL_PATH, (req, res) => listener(req, res));
  http.route('GET', REDIRECT_PATH, (req, res) => listener(req, res));
}

/** Forget a workspace (or org) that removed the app, or whose bot token was revoked. */
export function attachUninstall(
  app: App, rows: InstallationRows, log: Logger,
  onRemoved?: (team: { team: string | null; enterprise: string | null; orgInstall: boolean }, why: string) => Promise<void>,
): void {
  const remove = async (body: { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean }, why: string) => {
    const isEnterpriseInstall = body.is_enterprise_install === true;
    const teamId = isEnterpriseInstall ? null : (body.team_id ?? null);
    const enterpriseId = body.enterprise_id ?? null;
    const removed = await rows.deleteInstallation(isEnterpriseInstall ? { enterpriseId, isEnterpriseInstall } : { teamId, enterpriseId, isEnterpriseInstall });
    log.info({ teamId, enterpriseId, removed, why }, 'slack: installation removed');
    await onRemoved?.({ team: teamId, enterprise: enterpriseId, orgInstall: isEnterpriseInstall }, why);
  };
  app.event('app_uninstalled', async ({ body }) => remove(body, 'app_uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    // Only the bot token matters here: user tokens are never asked for.
    if (event.tokens.bot?.length) await remove(body, 'tokens_revoked');
  });
}
