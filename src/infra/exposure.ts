// What the one HTTP server exposes besides the platform webhooks. On a loopback HOST (the default)
// everything is served, to this machine only; on any other HOST (HOST=0.0.0.0 in Docker) the
// playground's /api/ask and /metrics would sit beside the webhooks for anyone, so each needs saying.
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|\[::1\]|localhost|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

export const isLoopbackHost = (host: string): boolean => LOOPBACK.test(host.trim());

export interface Exposure {
  playground: boolean;
  /** `beside`: GET /metrics on the main server; `port`: a server of its own on METRICS_PORT; `off`: not served. */
  metrics: 'beside' | 'port' | 'off';
  /** Bearer token /metrics asks for, when set. */
  metricsToken?: string;
  /** Host names a loopback server answers (DNS rebinding guard); undefined on a public HOST. */
  allowedHosts?: string[];
}

export function exposureOf(config: Pick<Config, 'HOST' | 'PLAYGROUND' | 'METRICS_PORT' | 'METRICS_TOKEN' | 'ALLOWED_HOSTS'>): Exposure {
  const loopback = isLoopbackHost(config.HOST);
  const playground = config.PLAYGROUND === 'on' || (config.PLAYGROUND === 'auto' && loopback);
  const metrics = config.METRICS_PORT ? 'port' : loopback || config.METRICS_TOKEN ? 'beside' : 'off';
  const extra = (config.ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  return {
    playground,
    metrics,
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
    ...(loopback ? { allowedHosts: ['localhost', '127.0.0.1', '[::1]', ...extra] } : {}),
  };
}

/** The Host header's name without its port, lower case (`[::1]:3000` → `[::1]`). */
export function hostName(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d+$/, '');
}

/** True when the request names a host this server answers (a rebinding page's Host is its own domain). */
export function hostAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  return allowed.includes(hostName(req.headers.host));
}

/** `Authorization: Bearer <token>`, compared in constant time. */
export function bearerOk(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(String(req.headers.authorization ?? ''));
  const want = Buffer.from(`Bearer ${token}`);
  return given.length === want.length && timingSafeEqual(given, want);
}
