// Every upstream request of the live market goes through here: undici with a connect, headers,
// body and total timeout, a few retries with jittered exponential backoff that honour Retry-After,
// and failures turned into a DataError whose reason says what happened.
import { createRequire } from 'node:module';
import type { Agent, Dispatcher } from 'undici';
import type { z } from 'zod';
import { DataError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/ports.ts';

// Loaded on the first upstream request: undici is ~0.1 s of start-up, and a DEMO or CSV bot never asks upstream.
const undici = () => createRequire(import.meta.url)('undici') as typeof import('undici');

export interface HttpOptions {
  /** Inject undici's MockAgent in tests; by default an Agent with timeouts on every phase. */
  dispatcher?: Dispatcher;
  /** Bound on one attempt, from connect to the last body byte (config HTTP_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries after the first try (so `retries + 1` tries in all). */
  retries?: number;
  /** First backoff step; doubles on each retry, with jitter. */
  backoffMs?: number;
  /** Longest Retry-After we wait for; a longer one fails at once rather than stall an answer. */
  retryAfterCapMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  log?: Logger;
  /** Called once per attempt, after it settles (metrics); never allowed to break a request. */
  onRequest?: (event: RequestEvent) => void;
}

export interface RequestEvent {
  source: string;
  symbol: string;
  ok: boolean;
  ms: number;
  /** Why the attempt failed (as in the DataError), when it did. */
  reason?: string;
}

/** What a request is for: named in errors and logs. Headers are sent but never logged. */
export interface Target {
  symbol: string;
  source: string;
  headers?: Record<string, string>;
}

export interface Http {
  /** Body text of a 2xx answer that is not an HTML page. */
  text(url: string, target: Target, expect: 'CSV' | 'JSON'): Promise<string>;
  /** A JSON body validated against `schema`. */
  json<S extends z.ZodType>(url: string, target: Target, schema: S): Promise<z.infer<S>>;
}

/** Undici's own timeouts on every phase, so a dead host fails in seconds even outside our abort. */
export function defaultDispatcher(timeoutMs: number): Agent {
  return new (undici().Agent)({
    connect: { timeout: Math.min(timeoutMs, 5000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 2000,
  });
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | string[] | undefined, now: Date): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(ms < 1000 ? 2 : 1))}s`;

class Attempt {
  constructor(
    readonly reason: string,
    readonly retry: boolean,
    readonly waitMs?: number,
  ) {}
}

// Network error codes that say the host is not there: retrying only delays the answer.
const NO_ROUTE: Record<string, string> = {
  ENOTFOUND: 'DNS lookup failed',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ECONNREFUSED: 'connection refused',
};

function networkFailure(err: unknown, timedOut: boolean, timeoutMs: number): Attempt {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  if (timedOut || /TIMEOUT/.test(code)) return new Attempt(`timed out after ${seconds(timeoutMs)}`, false);
  if (NO_ROUTE[code]) return new Attempt(NO_ROUTE[code], false);
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return new Attempt('connection dropped mid-body', true);
  const what = code || e.cause?.message || e.message || String(err);
  return new Attempt(`network error (${what})`, true);
}

/**
 * What an error body was, in our words: that it was an HTML page, or nothing. The body's own text
 * never goes into a reason: reasons reach users, and an upstream may echo the key it was sent.
 */
function bodyHint(body: string): string {
  return body.trim().startsWith('<') ? ' (an HTML page)' : '';
}

/** The upstream's own message, for the debug log only (scrubbed there). */
function upstreamMessage(body: string): string | undefined {
  try {
    return findMessage(JSON.parse(body.trim()), 0)?.slice(0, 120);
  } catch {
    return undefined;
  }
}

function findMessage(v: unknown, depth: number): string | undefined {
  if (depth > 3 || v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  for (const k of ['description', 'message', 'respMsg', 'error_message', 'error']) {
    if (typeof o[k] === 'string' && o[k]) return o[k];
  }
  for (const x of Object.values(o)) {
    const m = findMessage(x, depth + 1);
    if (m) return m;
  }
  return undefined;
}

const looksHtml = (body: string, contentType: string): boolean =>
  /text\/html/i.test(contentType) || /^\s*<(!doctype|html|head|body|\?xml|script)/i.test(body);

export function createHttp(opts: HttpOptions): Http {
  const retries = opts.retries ?? 2;
  const backoffMs = opts.backoffMs ?? 400;
  const capMs = opts.retryAfterCapMs ?? 10_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? silentLogger;
  const dispatcher = opts.dispatcher ?? defaultDispatcher(opts.timeoutMs);
  const report = (target: Target, started: number, reason?: string): void => {
    try {
      opts.onRequest?.({ source: target.source, symbol: target.symbol, ok: reason === undefined, ms: Date.now() - started, reason });
    } catch (err) {
      log.warn({ err }, 'onRequest hook failed');
    }
  };

  async function once(url: string, target: Target): Promise<{ body: string; contentType: string } | Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, opts.timeoutMs);
    try {
      const res = await undici().request(url, {
        method: 'GET',
        dispatcher,
        headers: { 'user-agent': 'stressbot/0.1 (+market-stress bot)', ...target.headers },
        signal: controller.signal,
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
      });
      const body = await res.body.text();
      const contentType = String(res.headers['content-type'] ?? '');
      const status = res.statusCode;
      if (status >= 200 && status < 300) return { body, contentType };
      const hint = bodyHint(body);
      const said = upstreamMessage(body);
      if (said) log.debug({ source: target.source, symbol: target.symbol, status, said }, 'upstream error body');
      if (status === 429 || status === 503) {
        const wait = retryAfterMs(res.headers['retry-after'], now());
        if (wait !== undefined && wait > capMs) {
          return new Attempt(`HTTP ${status}${hint}, asked to retry after ${seconds(wait)} (over the ${seconds(capMs)} cap)`, false);
        }
        return new Attempt(`HTTP ${status}${status === 429 ? ' (rate limited)' : ''}${hint}`, true, wait);
      }
      return new Attempt(`HTTP ${status}${hint}`, status >= 500);
    } catch (err) {
      return networkFailure(err, timedOut, opts.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  async function text(url: string, target: Target, expect: 'CSV' | 'JSON'): Promise<string> {
    const where = new URL(url);
    const logged = { source: target.source, symbol: target.symbol, url: `${where.origin}${where.pathname}` };
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      const out = await once(url, target);
      if (!(out instanceof Attempt)) {
        log.debug({ ...logged, ms: Date.now() - started }, 'upstream answered');
        const bad = looksHtml(out.body, out.contentType)
          ? `answered HTML instead of ${expect} (a challenge page?)`
          : out.body.trim() === '' ? 'empty response' : undefined;
        report(target, started, bad);
        if (bad) throw new DataError(target.symbol, target.source, bad);
        return out.body;
      }
      report(target, started, out.reason);
      const tries = attempt + 1;
      if (!out.retry || attempt >= retries) {
        log.warn({ ...logged, tries, reason: out.reason }, 'upstream failed');
        const suffix = out.retry ? ` after ${tries} tries` : '';
        throw new DataError(target.symbol, target.source, `${out.reason}${suffix}`);
      }
      // Exponential backoff with jitter in [0.5, 1.5) of the step; Retry-After is a floor.
      const backoff = backoffMs * 2 ** attempt * (0.5 + random());
      const wait = Math.min(capMs, Math.max(backoff, out.waitMs ?? 0));
      log.info({ ...logged, tries, reason: out.reason, waitMs: Math.round(wait) }, 'upstream retry');
      await sleep(wait);
    }
  }

  async function json<S extends z.ZodType>(url: string, target: Target, schema: S): Promise<z.infer<S>> {
    const body = await text(url, target, 'JSON');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      const msg = (err as Error).message;
      const truncated = /end of JSON|Unterminated|Unexpected end/i.test(msg);
      throw new DataError(target.symbol, target.source, truncated ? 'truncated JSON' : 'invalid JSON');
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const at = issue?.path.length ? issue.path.join('.') : 'top level';
      throw new DataError(target.symbol, target.source, `unexpected JSON shape at ${at}: ${issue?.message ?? 'invalid'}`);
    }
    return checked.data;
  }

  return { text, json };
}
