// Process safety: a crash is logged with context and ends the process (non-zero) for the supervisor
// to restart, because state after an unknown exception cannot be trusted; SIGTERM/SIGINT stop intake,
// drain the commands in flight (bounded), release what the process holds, and exit 0.
import type { Logger } from './log.ts';

export type Exit = (code: number) => void;

export interface CrashHandlerOptions {
  log: Logger;
  /** Extra fields for the fatal line (in-flight commands, adapters, …). */
  context?: () => Record<string, unknown>;
  exit?: Exit;
}

/** Installs `unhandledRejection` and `uncaughtException` handlers; returns a function removing them. */
export function installCrashHandlers(opts: CrashHandlerOptions): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const crash = (origin: string) => (err: unknown) => {
    try {
      let extra: Record<string, unknown> = {};
      try {
        extra = opts.context?.() ?? {};
      } catch {
        // Context is best effort: the fatal line matters more.
      }
      const rssMb = Math.round(process.memoryUsage().rss / 1e6);
      opts.log.fatal({ err, origin, uptimeSec: Math.round(process.uptime()), rssMb, ...extra }, `${origin}; exiting for the supervisor to restart`);
      opts.log.flush?.();
    } finally {
      exit(1);
    }
  };
  const onRejection = crash('unhandled rejection');
  const onException = crash('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

export type Step = () => Promise<unknown> | unknown;

export interface ShutdownOptions {
  log: Logger;
  /** Commands still being answered. */
  inFlight: () => number;
  /** Longest wait for in-flight commands (default 10 s). */
  drainMs?: number;
  /** Longest wait for each step (default 5 s): a hung close must not keep a dead process. */
  stepMs?: number;
  exit?: Exit;
}

export interface Shutdown {
  /** Stop taking work before the drain (close listeners, the console prompt). */
  beforeDrain(step: Step): void;
  /** Release after the drain, in the order given (platform clients, render workers, caches, stores). */
  afterDrain(step: Step): void;
  /** Runs once; later calls return the same promise. Ends with `exit(code)` (default 0). */
  run(reason: string, code?: number): Promise<void>;
  readonly stopping: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export function createShutdown(opts: ShutdownOptions): Shutdown {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const drainMs = opts.drainMs ?? 10_000;
  const stepMs = opts.stepMs ?? 5_000;
  const before: Step[] = [];
  const after: Step[] = [];
  let running: Promise<void> | undefined;

  const bounded = (step: Step, phase: string): Promise<unknown> =>
    Promise.race([
      Promise.resolve().then(step),
      sleep(stepMs).then(() => opts.log.warn({ phase, waitedMs: stepMs }, 'shutdown step timed out')),
    ]).catch((err: unknown) => opts.log.error({ err, phase }, 'shutdown step failed'));

  async function go(reason: string, code: number): Promise<void> {
    const started = Date.now();
    opts.log.info({ reason, inFlight: opts.inFlight() }, 'shutting down');
    await Promise.all(before.map((step) => bounded(step, 'stop intake')));
    const deadline = started + drainMs;
    while (opts.inFlight() > 0 && Date.now() < deadline) await sleep(25);
    const abandoned = opts.inFlight();
    if (abandoned > 0) opts.log.warn({ abandoned, drainMs }, 'drain deadline passed; commands still in flight are dropped');
    // One after another: a later step may need an earlier one gone (the store outlives its writers).
    for (const step of after) await bounded(step, 'release');
    opts.log.info({ reason, ms: Date.now() - started }, 'stopped');
    opts.log.flush?.();
    exit(code);
  }

  return {
    beforeDrain: (step) => void before.push(step),
    afterDrain: (step) => void after.push(step),
    run: (reason, code = 0) => (running ??= go(reason, code)),
    get stopping() {
      return running !== undefined;
    },
  };
}

/** A repeat of the first signal this soon is the same request delivered twice, not an insistence. */
export const REPEAT_MS = 1_000;

/**
 * SIGTERM and SIGINT start the shutdown; a second signal while it runs exits at once (status 1). Ctrl-C at
 * a terminal under `npm start` reaches the bot twice (from the terminal, and forwarded by npm): a repeat of
 * the first signal within REPEAT_MS is that echo and is ignored, so the drain still runs.
 */
export function onStopSignals(shutdown: Shutdown, log: Logger, exit: Exit = (code) => process.exit(code), now: () => number = Date.now): void {
  let first: { signal: string; at: number } | undefined;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!shutdown.stopping) {
        first = { signal, at: now() };
        return void shutdown.run(signal);
      }
      if (first?.signal === signal && now() - first.at < REPEAT_MS) return;
      log.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
    });
  }
}
