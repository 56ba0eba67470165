// `npm start`: the bot process. Platform adapters start when their variables are set; with none,
// the console prompt. The HTTP server (health, metrics, platform webhooks, playground) always listens.
import { buildCore, configOrExit } from './bot/process.ts';
import { createLogger } from './bot/log.ts';
import { createHttpServer } from './bot/http.ts';
import { startConsole } from './bot/console.ts';
import { createOps } from './bot/ops.ts';
import { createShutdown, installCrashHandlers, onStopSignals } from './bot/shutdown.ts';

const config = configOrExit(process.env, 1);
const log = createLogger(config.LOG_LEVEL, process.stderr);
const adapters: string[] = [];
installCrashHandlers({ log, context: () => ({ adapters, inFlight: core.inFlight() }) });

const ops = createOps(config, log);
const core = buildCore(config, log, ops.core);
const shutdown = createShutdown({ log, inFlight: () => core.inFlight() });
const http = createHttpServer(log, () => ({ adapters, data: core.market.kind, inFlight: core.inFlight() }));
ops.metrics.route(http);

const platforms = Boolean(config.SLACK_BOT_TOKEN || config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY);

try {
  const addr = await http.listen(config.PORT, config.HOST);
  log.info({ port: addr.port, host: addr.address }, 'http listening');
  if (!platforms) process.stdout.write(`HTTP on http://${addr.address}:${addr.port}/ (health: /healthz)\n`);
  // New connections stop at once; requests already in flight finish during the drain.
  let closing: Promise<void> | undefined;
  shutdown.beforeDrain(() => void (closing = http.close()));
  shutdown.afterDrain(() => (http.server.closeAllConnections(), closing));
} catch (err) {
  // A busy port must not stop a newcomer's console session; platform webhooks do need it.
  if (platforms) throw err;
  log.warn({ err, port: config.PORT }, 'http server not started');
}

if (!platforms || config.CONSOLE) {
  adapters.push('console');
  const { closed } = startConsole(core);
  void closed.then(() => shutdown.run('console closed'));
}

shutdown.afterDrain(() => ops.close());
onStopSignals(shutdown, log);
