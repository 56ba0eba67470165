// `npm run discord:register [-- --guild ID]`: the registry's commands as Discord application commands.
// A guild registration shows up at once (handy while trying the bot); a global one serves every server.
import { pathToFileURL } from 'node:url';
import type { REST } from '@discordjs/rest';
import type { Command } from '../../core/types.ts';
import { loadConfig } from '../../config.ts';
import { commands as registry } from '../../commands/registry.ts';
import { createRest } from './answer.ts';
import { registrationPayload } from './options.ts';

/** PUT replaces the whole set, so commands removed from the registry disappear from Discord too. */
export async function registerCommands(rest: REST, appId: string, guild?: string, commands: readonly Command[] = registry): Promise<number> {
  const body = registrationPayload(commands);
  const route = guild ? (`/applications/${appId}/guilds/${guild}/commands` as const) : (`/applications/${appId}/commands` as const);
  await rest.put(route, { body });
  return body.length;
}

export function guildArg(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--guild' || a.startsWith('--guild='));
  if (i < 0) return undefined;
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (!value || !/^\d{5,25}$/.test(value)) throw new Error('--guild takes a server id (digits), e.g. --guild 123456789012345678');
  return value;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) throw new Error('set DISCORD_TOKEN and DISCORD_APP_ID to register commands');
  const guild = guildArg(process.argv.slice(2));
  const n = await registerCommands(createRest(config), config.DISCORD_APP_ID, guild);
  console.log(`Registered ${n} commands ${guild ? `in server ${guild}` : 'globally'}.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(`discord:register: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
