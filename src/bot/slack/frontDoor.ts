// What stands before Bolt's HTTP receiver: a request is refused from its headers alone when it is
// unsigned, stale, stamped in the future or too large (no body is read for it), its signature is
// checked over the exact bytes, and only a body Bolt can take (a JSON object) is handed on. Bolt's
// receiver handles each request in a detached async function that reads `body.ssl_check`: a validly
// signed `null` would throw there, outside any handler, and end the process.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

/** Slack's own replay window, applied both ways: a request stamped further ahead is as suspect as a stale one. */
export const MAX_SKEW_SEC = 5 * 60;
export const BODY_LIMIT_BYTES = 1_000_000;

export interface Refusal {
  status: number;
  error: string;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return typeof v === 'string' ? v : undefined;
};

/** Why the request is refused, judged from its headers before any of its body is read. */
export function refuseFromHeaders(headers: IncomingHttpHeaders, nowMs: number): Refusal | undefined {
  const ts = header(headers, 'x-slack-request-timestamp');
  const sig = header(headers, 'x-slack-signature');
  if (!ts || !sig) return { status: 401, error: 'unsigned request' };
  if (!/^\d{1,12}$/.test(ts)) return { status: 401, error: 'malformed timestamp' };
  if (Math.abs(nowMs / 1000 - Number(ts)) > MAX_SKEW_SEC) return { status: 401, error: 'stale or future timestamp' };
  if (!/^v0=[0-9a-f]{64}$/.test(sig)) return { status: 401, error: 'malformed signature' };
  const length = Number(header(headers, 'content-length') ?? 0);
  if (length > BODY_LIMIT_BYTES) return { status: 413, error: 'body too large' };
  return undefined;
}

/** Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, compared in constant time. */
export function signatureValid(secret: string, headers: IncomingHttpHeaders, body: Buffer): boolean {
  const ts = header(headers, 'x-slack-request-timestamp') ?? '';
  const sig = header(headers, 'x-slack-signature') ?? '';
  const ours = `v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex')}`;
  return sig.length === ours.length && timingSafeEqual(Buffer.from(sig), Buffer.from(ours));
}

/**
 * The body as Bolt will parse it (the same rules: a form with a `payload` field holds JSON, any
 * other content type is JSON), or undefined when that is not an object Bolt can read fields of.
 */
export function eventBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> | undefined {
  let body: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(raw.toString('utf8'));
      body = typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
    } else {
      body = JSON.parse(raw.toString('utf8'));
    }
  } catch {
    return undefined;
  }
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

/**
 * A slash command or an Events API callback is acknowledged with an empty 200 the moment its
 * signature checks out, before Bolt or any work runs: Slack's 3-second clock stops there whatever
 * the load. Replies go through response URLs and the Web API, never the ack body. Anything else
 * (URL verification, ssl_check, interactive payloads) gets Bolt's own answer.
 */
export function acksAtOnce(body: Record<string, unknown>): boolean {
  return typeof body.command === 'string' || body.type === 'event_callback';
}
