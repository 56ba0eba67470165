// `fetch` for a client that takes one (the Slack Web API client's `fetch` option), made over undici's
// `request`. A Slack answer is six or seven Web API calls (users.info, the anchor, its update, the
// answer, three for the chart upload), and WHATWG fetch's machinery (its request and response
// streams, abort plumbing and header guards) costs about twice undici.request's CPU per call: 0.45
// against 0.21 ms for one small form POST to a local server. In a burst of 500 Slack commands those
// ~3,500 calls run on the event loop that owes every next request its ack (`npm run bench`, burst).
// A chart upload's multipart body is encoded here too (`postFile`).
import { randomBytes } from 'node:crypto';
import { request } from 'undici';

/**
 * The calls the Web API client makes (a URL string, `redirect: 'error'`, a string or bytes body) go through
 * undici.request; anything else (a FormData body among them) is handed to the global fetch as it is. Chart
 * uploads do not come this way: `postFile` sends them from their buffers.
 */
export const requestFetch: typeof fetch = async (input, init = {}) => {
  const { body, redirect, headers, method, signal } = init;
  const simpleBody = body == null || typeof body === 'string' || body instanceof Uint8Array;
  if (typeof input !== 'string' || redirect !== 'error' || !simpleBody || !plainHeaders(headers)) return fetch(input, init);
  const res = await request(input, {
    method: (method ?? 'GET').toUpperCase() as 'GET',
    ...(headers ? { headers } : {}),
    ...(body == null ? {} : { body }),
    ...(signal ? { signal } : {}),
  });
  if (res.statusCode >= 300 && res.statusCode < 400) {
    await res.body.dump();
    // What fetch does with redirect: 'error'.
    throw new TypeError(`fetch failed: redirect (${res.statusCode}) from ${input}`);
  }
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const list: [string, string][] = [];
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) list.push([name, v]);
    else if (value !== undefined) list.push([name, value]);
  }
  const empty = res.statusCode === 204 || res.statusCode === 304 || method?.toUpperCase() === 'HEAD';
  return new BufferedResponse(res.statusCode, res.statusText ?? '', new Headers(list), empty ? Buffer.alloc(0) : bytes) as unknown as Response;
};

/**
 * What the Web API client reads of a response (status, statusText, ok, url, headers, text, json, arrayBuffer),
 * over the bytes already read. A WHATWG Response built around them wraps them in a ReadableStream first, and
 * reading it back goes through that stream: ~0.1 ms of CPU per call, a tenth of a burst's Slack reply work
 * (`bench/process.ts` burst, CPU profile). Its body is read once, as a Response's is.
 */
class BufferedResponse {
  readonly ok: boolean;
  readonly url = '';
  readonly redirected = false;
  readonly type = 'basic';
  readonly body = null;
  #used = false;
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly bytes: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.bytes;
  }
  async text(): Promise<string> {
    return this.#take().toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
}

/** One field of a multipart body: text, or a file's bytes with its name and type. */
export type Part = { name: string; value: string } | { name: string; bytes: Uint8Array; filename: string; type?: string };

/**
 * A boundary no body holds by chance: 96 random bits drawn once (not per body: randomBytes was ~0.1 ms per
 * chart upload in a burst's CPU profile), and a count that makes each body's its own.
 */
const BOUNDARY_BASE = `----formdata-stressbot-${randomBytes(12).toString('hex')}`;
let bodies = 0;

/** `parts` as fetch encodes a FormData holding them (multipart/form-data, WHATWG's encoding): one buffer, and its content type. */
export function encodeParts(parts: readonly Part[]): { bytes: Buffer; type: string } {
  const boundary = `${BOUNDARY_BASE}-${(++bodies).toString(36)}`;
  const escape = (text: string) => text.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
  const lines = (text: string) => text.replace(/\r?\n|\r/g, '\r\n');
  const out: Uint8Array[] = [];
  for (const part of parts) {
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(lines(part.name))}"`;
    if ('value' in part) {
      out.push(Buffer.from(`${head}\r\n\r\n${lines(part.value)}\r\n`));
      continue;
    }
    out.push(Buffer.from(`${head}; filename="${escape(part.filename)}"\r\nContent-Type: ${part.type || 'application/octet-stream'}\r\n\r\n`));
    out.push(part.bytes, Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return { bytes: Buffer.concat(out), type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A file's bytes POSTed as the one multipart field `field` (what a Slack upload URL takes), without a Blob
 * or FormData around them: the Web API client's own upload copies a chart into a Blob, then into a
 * FormData, and reads it back asynchronously to encode it (~0.5 ms CPU per 150 kB chart in a burst).
 * Rejects unless the answer is 200, as that upload does.
 */
export async function postFile(url: string, field: string, file: { bytes: Uint8Array; filename: string }, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  const form = encodeParts([{ name: field, ...file }]);
  const res = await request(url, { method: 'POST', headers: { ...headers, 'content-type': form.type }, body: form.bytes, signal: AbortSignal.timeout(timeoutMs) });
  await res.body.dump();
  if (res.statusCode !== 200) throw new Error(`upload to ${new URL(url).host} answered ${res.statusCode}`);
}

/** A plain name → value record (what the Web API client passes); Headers objects and pair lists go to fetch. */
function plainHeaders(h: RequestInit['headers']): h is Record<string, string> | undefined {
  return h === undefined || (typeof h === 'object' && !Array.isArray(h) && !(h instanceof Headers));
}
