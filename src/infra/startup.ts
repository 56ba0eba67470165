// Start-up in a person's words: a failure the operator must fix (a rejected token, a busy port, a bad
// variable) ends the process with one line and its own exit code, so a supervisor's log says what to do
// and a crash loop is recognisable by its code; a platform that cannot be reached yet is retried with
// back-off while everything else serves, and /healthz shows it down meanwhile.
import type { Logger } from './log.ts';
import type { Health } from './health.ts';

/** Exit codes of `npm start` (sysexits.h where one fits). The CLI keeps its own: 0 answer, 2 usage, 1 data. */
export const EXIT = {
  ok: 0,
  /** An unexpected exception: the supervisor restarts the process. */
  crash: 1,
  /** PORT is taken by another process (EX_TEMPFAIL: it may be free later). */
  portInUse: 75,
  /** A platform rejected its token or key (EX_NOPERM). */
  credentials: 77,
  /** A variable has a value the bot cannot use (EX_CONFIG). */
  config: 78,
} as const;

/** Something the operator must fix before the bot can start; `message` is the one line they read. */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    message: string,
    readonly exitCode: number,
    /** The environment variable to change, when one is to blame. */
    readonly variable?: string,
  ) {
    super(message);
  }
}

/** Prints the one line and exits with its code (no stack: the line is the whole story). */
export function exitForStartup(err: StartupError, log?: Logger): never {
  log?.flush?.();
  process.stderr.write(`stressbot: ${err.message}\n`);
  process.exit(err.exitCode);
}

export interface RetryOptions<T> {
  name: string;
  /** One attempt; resolves with the started thing. */
  attempt: () => Promise<T>;
  /** A StartupError for failures no retry can fix (a rejected token); undefined means retry. */
  fatal: (err: unknown) => StartupError | undefined;
  health: Health;
  log: Logger;
  /** First delay, doubled each time up to maxMs, ±20 % jitter so replicas do not retry in step. */
  firstMs?: number;
  maxMs?: number;
  /** Called when a later attempt fails fatally (the first attempt's fatal error rejects instead). */
  onFatal: (err: StartupError) => void;
  random?: () => number;
}

export interface Retrying<T> {
  /** Resolves with the started thing: at once if the first attempt worked, else when a retry does. */
  readonly started: Promise<T>;
  /** Stops retrying (shutdown); resolves undefined if nothing started. */
  stop(): Promise<T | undefined>;
}

/**
 * The first attempt is awaited: a fatal failure rejects (the caller exits with its line), a transient one
 * resolves with the retrying handle so start-up carries on with the other adapters.
 */
export async function startWithRetry<T>(opts: RetryOptions<T>): Promise<Retrying<T>> {
  const firstMs = opts.firstMs ?? 1_000;
  const maxMs = opts.maxMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const component = opts.health.component(opts.name);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let value: T | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let resolveStarted!: (v: T) => void;
  const started = new Promise<T>((r) => (resolveStarted = r));

  const once = async (): Promise<{ ok: true; value: T } | { ok: false; err: unknown }> => {
    try {
      return { ok: true, value: await opts.attempt() };
    } catch (err) {
      return { ok: false, err };
    }
  };
  const succeed = (v: T) => {
    value = v;
    component.set({ state: 'up' });
    resolveStarted(v);
  };
  const schedule = (tries: number, err: unknown) => {
    const base = Math.min(maxMs, firstMs * 2 ** (tries - 1));
    const delay = Math.round(base * (0.8 + 0.4 * random()));
    const reason = err instanceof Error ? err.message : String(err);
    component.set({ state: 'down', detail: `unreachable (attempt ${tries}): ${reason}; retrying in ${Math.ceil(delay / 1000)} s` });
    opts.log.warn({ adapter: opts.name, attempt: tries, retryInMs: delay, reason }, `${opts.name} could not start; retrying`);
    timer = setTimeout(async () => {
      if (stopped) return;
      const attempt = once();
      current = attempt;
      const r = await attempt;
      if (r.ok) value = r.value; // even when stopping meanwhile: stop() hands it back to be closed
      if (stopped) return;
      if (r.ok) {
        opts.log.info({ adapter: opts.name, attempts: tries + 1 }, `${opts.name} started after retrying`);
        return succeed(r.value);
      }
      const fatal = opts.fatal(r.err);
      if (fatal) {
        component.set({ state: 'down', detail: fatal.message });
        return opts.onFatal(fatal);
      }
      schedule(tries + 1, r.err);
    }, delay);
  };

  const first = await once();
  if (first.ok) succeed(first.value);
  else {
    const fatal = opts.fatal(first.err);
    if (fatal) {
      component.set({ state: 'down', detail: fatal.message });
      throw fatal;
    }
    schedule(1, first.err);
  }
  return {
    started,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      return value;
    },
  };
}
