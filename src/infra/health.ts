// What /healthz and /readyz say. Liveness (/healthz) is 200 while the process can answer at all, with each
// component's status for people; readiness (/readyz) is 503 while any component is not up or the process
// is stopping, so a load balancer or orchestrator stops sending it work. Components plug in with
// `register(name, check)`: adapters, stores, Redis.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type ComponentState = 'up' | 'starting' | 'down';

export interface ComponentStatus {
  state: ComponentState;
  /** One line for an operator: what is wrong and what happens next ("retrying in 8 s: ECONNREFUSED"). */
  detail?: string;
}

/** A component's current status; a throw or a check slower than the probe's budget counts as down. */
export type HealthCheck = () => ComponentStatus | Promise<ComponentStatus>;

export interface HealthReport {
  /** up: every component up; degraded: serving, some component is not; stopping: shutting down. */
  status: 'up' | 'degraded' | 'stopping';
  components: Record<string, ComponentStatus>;
}

export interface Health {
  /** Adds (or replaces) a component. */
  register(name: string, check: HealthCheck): void;
  /** A component whose state is pushed by its owner rather than polled (an adapter's start-up). */
  component(name: string, initial?: ComponentStatus): { set(status: ComponentStatus): void };
  /** From now on /readyz answers 503: called when shutdown starts. */
  stopping(): void;
  report(): Promise<HealthReport>;
  /** GET handlers for an HTTP server; `extra` adds fields to /healthz (adapters, data, in flight). */
  handlers(extra?: () => Record<string, unknown>): { healthz: Handler; readyz: Handler };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createHealth(opts: { checkMs?: number } = {}): Health {
  const checkMs = opts.checkMs ?? 1_000;
  const checks = new Map<string, HealthCheck>();
  let stopping = false;

  const run = async (check: HealthCheck): Promise<ComponentStatus> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ComponentStatus>((resolve) => {
      timer = setTimeout(() => resolve({ state: 'down', detail: `no answer within ${checkMs} ms` }), checkMs);
      timer.unref();
    });
    try {
      return await Promise.race([Promise.resolve().then(check), late]);
    } catch (err) {
      return { state: 'down', detail: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  };

  const health: Health = {
    register(name, check) {
      checks.set(name, check);
    },
    component(name, initial = { state: 'starting' }) {
      let status = initial;
      checks.set(name, () => status);
      return { set: (s) => void (status = s) };
    },
    stopping() {
      stopping = true;
    },
    async report() {
      const names = [...checks.keys()];
      const results = await Promise.all(names.map((n) => run(checks.get(n)!)));
      const components = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
      const status = stopping ? 'stopping' : results.every((r) => r.state === 'up') ? 'up' : 'degraded';
      return { status, components };
    },
    handlers(extra = () => ({})) {
      const send = (res: ServerResponse, code: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
        res.end(text);
      };
      return {
        // Alive while it answers: a component that is down is reported, not a reason to restart the process.
        healthz: async (_req, res) => {
          const r = await health.report();
          send(res, 200, { ok: true, status: r.status, components: r.components, ...extra() });
        },
        readyz: async (_req, res) => {
          const r = await health.report();
          const ready = r.status === 'up';
          send(res, ready ? 200 : 503, { ready, status: r.status, components: r.components });
        },
      };
    },
  };
  return health;
}
