// `npm start`: the bot process. Platform adapters start when their variables are set; the console prompt
// when stdin is a terminal (and no platform runs, unless CONSOLE says otherwise). The HTTP server (health,
// readiness, metrics, platform webhooks, playground) always listens, so without a terminal (nohup, Docker,
// a supervisor) the process serves until SIGTERM/SIGINT.
import { buildCore, configOrExit } from './infra/process.ts';
import { createLogger } from './infra/log.ts';
import { createHttpServer } from './infra/http.ts';
import { createOps } from './infra/ops.ts';
import { createShutdown, installCrashHandlers, onStopSignals } from './infra/shutdown.ts';
import { openStore } from './digest/openStore.ts';
import { ownerFor } from './digest/replica.ts';
import type { StoreHealth } from './digest/store.ts';
import { startDigestScheduler, type DigestPoster } from './digest/scheduler.ts';
import { startAlertScheduler } from './digest/alertScheduler.ts';
import { storeAlertLedger } from './digest/alerts.ts';
import { mountPlayground } from './bot/web/index.ts';
import { discordStartError, slackStartError } from './bot/startErrors.ts';
import { EXIT, StartupError, exitForStartup, startWithRetry } from './infra/startup.ts';
import { checkRedisAtStart, redisHealth, sharedRedis } from './infra/redis.ts';
import { exposureOf } from './infra/exposure.ts';

const config = configOrExit(process.env, EXIT.config);
const log = createLogger(config.LOG_LEVEL, process.stderr);
const adapters: string[] = [];
if (config.REDIS_URL) {
  // A wrong password is a configuration error: one line and exit. An unreachable Redis is ridden out.
  const redis = await checkRedisAtStart(config.REDIS_URL, log);
  if (!redis.ok && redis.fatal) {
    process.stderr.write(`stressbot: ${redis.fatal}\n`);
    process.exit(EXIT.config);
  }
}
installCrashHandlers({ log, context: () => ({ adapters, inFlight: core.inFlight() }) });

// Metrics, charts rendered in worker threads (a burst of renders never delays a platform's 3-second
// ack) and identical concurrent asks sharing one answer: see infra/ops.ts.
const ops = createOps(config, log);
// Never fails start-up: a store that cannot open (DATA_HOME a file, a locked or damaged database,
// PostgreSQL down) is returned down, says why in /healthz and /readyz, and retries; every platform
// and the playground start regardless.
const store = await openStore(config, { log });
let storeHealth: StoreHealth = await store.health();
const healthTimer = setInterval(() => void store.health().then((h) => (storeHealth = h)), 2_000);
healthTimer.unref();
const storeStatus = () => (storeHealth.ok ? { state: 'up' as const, ...(storeHealth.note ? { detail: storeHealth.note } : {}) } : { state: 'down' as const, detail: storeHealth.reason });
// Alert rules, their trigger state and close-flow subscriptions live in the store beside the subscriptions.
const alerts = store;
const owner = ownerFor(config.DATA_HOME);
const core = buildCore(config, log, { ...ops.core, digest: store, alerts });
const shutdown = createShutdown({ log, inFlight: () => core.inFlight(), drainMs: config.SHUTDOWN_DRAIN_MS });
const stoppers: (() => Promise<void>)[] = [];
const exposure = exposureOf(config);
const http = createHttpServer(log, () => ({ adapters, data: core.market.kind, inFlight: core.inFlight() }), undefined, exposure);

http.health.register('store', storeStatus);
if (config.REDIS_URL) http.health.register('redis', redisHealth(sharedRedis(config.REDIS_URL, log)));
if (exposure.metrics === 'beside') ops.metrics.route(http, { token: exposure.metricsToken });
if (exposure.metrics === 'port' && config.METRICS_PORT) {
  // Its own listener (e.g. a cluster-internal port), never beside the public webhooks.
  const metricsHttp = createHttpServer(log, undefined, undefined, exposure);
  ops.metrics.route(metricsHttp, { token: exposure.metricsToken });
  await metricsHttp.listen(config.METRICS_PORT, config.HOST);
  shutdown.afterDrain(() => metricsHttp.close());
}
if (exposure.playground) mountPlayground(http, core);
else log.info({ host: config.HOST }, 'playground off on a non-loopback HOST (PLAYGROUND=on serves it)');
shutdown.beforeDrain(() => http.health.stopping());

const platforms = Boolean(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID || config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY);
const terminal = Boolean(process.stdin.isTTY);
const withConsole = config.CONSOLE ?? (terminal && !platforms);

let listening: string | undefined;
try {
  const addr = await http.listen(config.PORT, config.HOST);
  listening = `http://${addr.address}:${addr.port}/`;
  log.info({ port: addr.port, host: addr.address }, 'http listening');
  if (!platforms) process.stdout.write(`Playground: ${listening} (health: /healthz, readiness: /readyz)\n`);
  // The render workers boot once the first asks are answered, before their charts are fetched (ops.ts).
  setTimeout(() => ops.pool.warm(), 1_000).unref();
  // New connections stop at once; requests already in flight finish during the drain.
  let closing: Promise<void> | undefined;
  shutdown.beforeDrain(() => void (closing = http.close()));
  shutdown.afterDrain(() => (http.server.closeAllConnections(), closing));
} catch (err) {
  const why = listenError(err);
  // Someone at a terminal with only the console still gets their prompt; anything serving needs the port.
  if (platforms || !withConsole) exitForStartup(why, log);
  process.stderr.write(`${why.message} The console runs without the playground.\n`);
}

const posters: DigestPoster[] = [];
// A platform that cannot be reached yet is retried with back-off while the rest serves; a rejected token
// ends the process with one line naming the variable (exitForStartup).
async function startPlatform<T>(name: string, attempt: () => Promise<T>, fatal: (err: unknown) => StartupError | undefined, started: (adapter: T & { stop(): Promise<void> }) => void) {
  type Adapter = T & { stop(): Promise<void> };
  const run = await startWithRetry<Adapter>({
    name,
    attempt: attempt as () => Promise<Adapter>,
    fatal,
    health: http.health,
    log,
    onFatal: (err) => {
      process.stderr.write(`stressbot: ${err.message}\n`);
      void shutdown.run(`${name} refused start-up`, err.exitCode);
    },
  }).catch((err: unknown) => (err instanceof StartupError ? exitForStartup(err, log) : Promise.reject(err)));
  void run.started.then(started);
  stoppers.push(async () => void (await (await run.stop())?.stop()));
}
if (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) {
  const { startSlack } = await import('./bot/slack/index.ts');
  // OAuth installs live in the store beside the subscriptions (every DigestStore keeps them).
  await startPlatform('slack', () => startSlack(core, http, { installations: store, workspaces: store }), slackStartError, (slack) => {
    adapters.push(`slack:${slack.mode}`);
    posters.push(slack.poster);
  });
}
if (config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY) {
  const { startDiscord } = await import('./bot/discord/index.ts');
  await startPlatform('discord', () => startDiscord(core, http, { workspaces: store }), discordStartError, (discord) => {
    adapters.push(...discord.modes.map((m) => `discord:${m}`));
    if (discord.poster) posters.push(discord.poster);
  });
}
if (platforms) {
  // Posters join as their adapters come up; a digest due while one is still retrying is logged as unposted.
  const scheduler = startDigestScheduler({ core, store, posters, config, owner });
  adapters.push('digest-scheduler');
  // The digest posts only what the store holds: down with it, saying why.
  http.health.register('digest', () => (storeHealth.ok ? { state: 'up' } : { state: 'down', detail: `store unavailable: ${storeHealth.reason}` }));
  stoppers.push(() => scheduler.stop());
  const alertTicks = startAlertScheduler({
    core, alerts, posters, settings: store,
    ledger: storeAlertLedger(store, owner),
  });
  stoppers.push(async () => alertTicks.stop());
}

if (withConsole) {
  adapters.push('console');
  // Loaded only with a terminal (readline and the prompt cost start-up time otherwise).
  const { startConsole } = await import('./bot/console.ts');
  const { closed } = startConsole(core, undefined, { interrupt: () => process.kill(process.pid, 'SIGINT') });
  void closed.then(() => {
    adapters.splice(adapters.indexOf('console'), 1);
    const still = [...(listening ? [`the playground at ${listening}`] : []), ...(platforms ? ['the platform adapters'] : [])];
    if (!still.length || shutdown.stopping) return void shutdown.run('console closed');
    process.stdout.write(`Console closed; still serving ${still.join(' and ')}. Stop with Ctrl-C (or kill ${process.pid}).\n`);
  });
} else if (!terminal) {
  log.info({ pid: process.pid }, 'no terminal on stdin: console not started; serving until SIGTERM or SIGINT');
}

// After the drain, in order (each bounded): the HTTP server (registered above), platform clients and
// the scheduler, render workers and the market, then the digest store they may still write to.
shutdown.afterDrain(() => Promise.allSettled(stoppers.map((stop) => stop())));
shutdown.afterDrain(() => ops.close());
shutdown.afterDrain(() => (clearInterval(healthTimer), store.close()));
onStopSignals(shutdown, log);

/** The listen failure in the operator's words (and the variable to change). */
function listenError(err: unknown): StartupError {
  const code = (err as NodeJS.ErrnoException).code;
  const { PORT: port, HOST: host } = config;
  if (code === 'EADDRINUSE') {
    return new StartupError(`PORT ${port} is already in use on ${host} (another stressbot still running?): stop that process or set PORT to a free port, e.g. PORT=${port === 65535 ? 3000 : port + 1}.`, EXIT.portInUse, 'PORT');
  }
  if (code === 'EACCES') return new StartupError(`PORT ${port} needs administrator rights on this machine: use a port above 1023, e.g. PORT=3000.`, EXIT.config, 'PORT');
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new StartupError(`HOST ${host} is not an address of this machine (${code}): use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`, EXIT.config, 'HOST');
  }
  throw err;
}
