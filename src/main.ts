// `npm start`: the bot process. Platform adapters start when their variables are set; with none,
// the console prompt. The HTTP server (health, metrics, platform webhooks, playground) always listens.
import { buildCore, configOrExit } from './infra/process.ts';
import { createLogger } from './infra/log.ts';
import { createHttpServer } from './infra/http.ts';
import { startConsole } from './bot/console.ts';
import { createOps } from './infra/ops.ts';
import { createShutdown, installCrashHandlers, onStopSignals } from './infra/shutdown.ts';
import { digestStorePath, openDigestStore } from './digest/store.ts';
import { startDigestScheduler, type DigestPoster } from './digest/scheduler.ts';
import { mountPlayground } from './bot/web/index.ts';
import { checkRedisAtStart } from './infra/redis.ts';
import { exposureOf } from './infra/exposure.ts';

const config = configOrExit(process.env, 1);
const log = createLogger(config.LOG_LEVEL, process.stderr);
const adapters: string[] = [];
if (config.REDIS_URL) {
  // A wrong password is a configuration error: one line and exit. An unreachable Redis is ridden out.
  const redis = await checkRedisAtStart(config.REDIS_URL, log);
  if (!redis.ok && redis.fatal) {
    process.stderr.write(`${redis.fatal}\n`);
    process.exit(1);
  }
}
installCrashHandlers({ log, context: () => ({ adapters, inFlight: core.inFlight() }) });

// Metrics, charts rendered in worker threads (a burst of renders never delays a platform's 3-second
// ack) and identical concurrent asks sharing one answer: see infra/ops.ts.
const ops = createOps(config, log);
const store = openDigestStore(digestStorePath(config));
const core = buildCore(config, log, { ...ops.core, digest: store });
const shutdown = createShutdown({ log, inFlight: () => core.inFlight(), drainMs: config.SHUTDOWN_DRAIN_MS });
const stoppers: (() => Promise<void>)[] = [];
const exposure = exposureOf(config);
const http = createHttpServer(log, () => ({ adapters, data: core.market.kind, inFlight: core.inFlight() }), exposure);

if (exposure.metrics === 'beside') ops.metrics.route(http, { token: exposure.metricsToken });
if (exposure.metrics === 'port') {
  // Its own listener (e.g. a cluster-internal port), never beside the public webhooks.
  const metricsHttp = createHttpServer(log, undefined, exposure);
  ops.metrics.route(metricsHttp, { token: exposure.metricsToken });
  await metricsHttp.listen(config.METRICS_PORT!, config.HOST);
  shutdown.afterDrain(() => metricsHttp.close());
}
if (exposure.playground) mountPlayground(http, core);
else log.info({ host: config.HOST }, 'playground off on a non-loopback HOST (PLAYGROUND=on serves it)');

const platforms = Boolean(config.SLACK_BOT_TOKEN || config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY);

try {
  const addr = await http.listen(config.PORT, config.HOST);
  log.info({ port: addr.port, host: addr.address }, 'http listening');
  if (!platforms) process.stdout.write(`Playground: http://${addr.address}:${addr.port}/ (health: /healthz)\n`);
  // New connections stop at once; requests already in flight finish during the drain.
  let closing: Promise<void> | undefined;
  shutdown.beforeDrain(() => void (closing = http.close()));
  shutdown.afterDrain(() => (http.server.closeAllConnections(), closing));
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
  void closed.then(() => shutdown.run('console closed'));
}

// After the drain, in order (each bounded): the HTTP server (registered above), platform clients and
// the scheduler, render workers and the market, then the digest store they may still write to.
shutdown.afterDrain(() => Promise.allSettled(stoppers.map((stop) => stop())));
shutdown.afterDrain(() => ops.close());
shutdown.afterDrain(() => store.close());
onStopSignals(shutdown, log);
