// `npm start`: the bot process. Platform adapters start when their variables are set; with none,
// the console prompt. The HTTP server (health, platform webhooks, playground) always listens.
import { buildCore, configOrExit } from './bot/process.ts';
import { createLogger } from './bot/log.ts';
import { createHttpServer } from './bot/http.ts';
import { startConsole } from './bot/console.ts';
import { createRenderPool } from './render/pool.ts';
import { digestStorePath, openDigestStore } from './bot/digest/store.ts';
import { startDigestScheduler, type DigestPoster } from './bot/digest/scheduler.ts';
import { mountPlayground } from './bot/web/index.ts';

const config = configOrExit(process.env, 1);
const log = createLogger(config.LOG_LEVEL, process.stderr);

process.on('unhandledRejection', (reason) => {
  log.fatal({ err: reason }, 'unhandled rejection; exiting for the supervisor to restart');
  process.exit(1);
});
process.on('uncaughtException', (err) => {
  log.fatal({ err }, 'uncaught exception; exiting for the supervisor to restart');
  process.exit(1);
});

// Charts render in worker threads so a burst of renders never delays a platform's 3-second ack.
const pool = createRenderPool();
const store = openDigestStore(digestStorePath(config));
const core = buildCore(config, log, { render: (spec) => pool.render(spec), digest: store });
const adapters: string[] = [];
const stoppers: (() => Promise<void>)[] = [];
const http = createHttpServer(log, () => ({ adapters, data: core.market.kind, inFlight: core.inFlight() }));

mountPlayground(http, core);

const platforms = Boolean(config.SLACK_BOT_TOKEN || config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY);

try {
  const addr = await http.listen(config.PORT, config.HOST);
  log.info({ port: addr.port, host: addr.address }, 'http listening');
  if (!platforms) process.stdout.write(`Playground: http://${addr.address}:${addr.port}/ (health: /healthz)\n`);
} catch (err) {
  // A busy port must not stop a newcomer's console session; platform webhooks do need it.
  if (platforms) throw err;
  log.warn({ err, port: config.PORT }, 'http server not started');
}

const posters: DigestPoster[] = [];
if (config.SLACK_BOT_TOKEN) {
  const { startSlack } = await import('./bot/slack/index.ts');
  const slack = await startSlack(core, http);
  adapters.push(`slack:${slack.mode}`);
  posters.push(slack.poster);
  stoppers.push(() => slack.stop());
}
if (config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY) {
  const { startDiscord } = await import('./bot/discord/index.ts');
  const discord = await startDiscord(core, http);
  adapters.push(...discord.modes.map((m) => `discord:${m}`));
  if (discord.poster) posters.push(discord.poster);
  stoppers.push(() => discord.stop());
}
if (posters.length) {
  const scheduler = startDigestScheduler({ core, store, posters, config });
  adapters.push('digest-scheduler');
  stoppers.push(() => scheduler.stop());
}

if (!platforms || config.CONSOLE) {
  adapters.push('console');
  const { closed } = startConsole(core);
  void closed.then(() => shutdown('console closed'));
}

let stopping = false;
async function shutdown(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ reason, inFlight: core.inFlight() }, 'shutting down');
  const deadline = Date.now() + 10_000;
  while (core.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await Promise.allSettled(stoppers.map((stop) => stop()));
  await http.close();
  await pool.close();
  store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
