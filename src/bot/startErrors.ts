// Which platform start-up failures no retry can fix, in the words of someone who has to fix them: the
// variable to change and where to copy the right value. Everything else (no network, timeouts, 5xx, rate
// limits) is worth retrying while the rest of the bot serves.
import { EXIT, StartupError } from '../infra/startup.ts';

/** Slack Web API errors meaning the token itself is refused. */
const SLACK_REJECTED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type', 'invalid_token']);

const SLACK_WHERE: Record<string, string> = {
  SLACK_BOT_TOKEN: 'copy the Bot User OAuth Token (xoxb-…) from https://api.slack.com/apps → your app → OAuth & Permissions',
  SLACK_APP_TOKEN: 'create an App-Level Token (xapp-…) with the connections:write scope at https://api.slack.com/apps → your app → Basic Information',
};

/** Marks an error as coming from the step that used `variable` (Socket Mode's app token, say). */
export function blame<T>(variable: string, work: Promise<T>): Promise<T> {
  return work.catch((err: unknown) => {
    if (err && typeof err === 'object') Object.assign(err, { variable });
    throw err;
  });
}

export function slackStartError(err: unknown): StartupError | undefined {
  const e = err as { data?: { error?: unknown }; code?: unknown; variable?: string; name?: string; message?: string } | undefined;
  const code = String(e?.data?.error ?? '');
  if (SLACK_REJECTED.has(code)) {
    const variable = e?.variable ?? 'SLACK_BOT_TOKEN';
    return new StartupError(`Slack rejected ${variable} (${code}): ${SLACK_WHERE[variable] ?? 'check its value'}, then start again.`, EXIT.credentials, variable);
  }
  if (e?.code === 'slack_bolt_app_initialization_error' || e?.name === 'AppInitializationError') {
    return new StartupError(`Slack settings are incomplete: ${e.message}`, EXIT.config);
  }
  return undefined;
}

export function discordStartError(err: unknown): StartupError | undefined {
  const e = err as { code?: unknown; message?: string } | undefined;
  if (e?.code === 'TokenInvalid' || e?.code === 'TokenMissing') {
    return new StartupError(
      'Discord rejected DISCORD_TOKEN: copy the bot token from https://discord.com/developers/applications → your app → Bot → Reset Token, then start again.',
      EXIT.credentials,
      'DISCORD_TOKEN',
    );
  }
  if (e?.code === 'DisallowedIntents' || /disallowed intent/i.test(e?.message ?? '')) {
    return new StartupError(
      'Discord refused the Message Content intent: turn it on at https://discord.com/developers/applications → your app → Bot → Privileged Gateway Intents, then start again.',
      EXIT.credentials,
      'DISCORD_TOKEN',
    );
  }
  if (/DISCORD_PUBLIC_KEY/.test(e?.message ?? '')) {
    return new StartupError(
      `${e!.message}: copy the Public Key from https://discord.com/developers/applications → your app → General Information.`,
      EXIT.config,
      'DISCORD_PUBLIC_KEY',
    );
  }
  return undefined;
}
