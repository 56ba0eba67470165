// `fetch` for a client that takes one (the Slack Web API client's `fetch` option), made over node's own
// http/https request with keep-alive agents. A Slack answer is six or seven Web API calls (users.info, the
// anchor, its update, the answer, three for the chart upload), and WHATWG fetch's machinery (its request and
// response streams, abort plumbing and header guards) costs about twice the CPU per call: 0.45 against
// 0.21–0.33 ms for one small form POST to a local server (undici's request and node's http alike). In a burst
// of 500 Slack commands those ~3,500 calls run on the event loop that owes every next request its ack
// (`npm run bench`, burst). Node's http rather than undici's request: requiring the undici package loads its
// fetch, WebSocket, cache and mock layers and, with them, node's own copy of undici, tls, http2 and zlib, all
// compiled from scratch under npm start's V8 flags: ~100 ms of a Slack start, before the first answer
// (`npm run bench`, startupMsBotSlack). A chart upload's multipart body is encoded here too (`postFile`).
import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Idle connections close after 4 s (undici's default; a shorter Keep-Alive hint from the server wins): a
// connection the server has already dropped is otherwise found only by the next call, which then fails.
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 };
const agents = { 'http:': new HttpAgent(KEEP_ALIVE), 'https:': new HttpsAgent(KEEP_ALIVE) };

interface Sent {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request, its whole answer read; rejects with the signal's reason when it aborts, as fetch does. */
function send(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, signal: AbortSignal | undefined): Promise<Sent> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const length = body === undefined ? undefined : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    const options = { method, headers: length === undefined ? headers : { ...headers, 'content-length': String(length) }, agent: agents[url.protocol as keyof typeof agents] };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        signal?.removeEventListener('abort', abort);
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
      });
    });
    function fail(err: Error) {
      signal?.removeEventListener('abort', abort);
      reject(err);
    }
    function abort() {
      req.destroy();
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
    req.on('error', fail);
    req.end(body);
  });
}

/**
 * The calls the Web API client makes (an http(s) URL string, `redirect: 'error'`, a string or bytes body, a
 * plain header record) go through node's http; anything else (a FormData body among them) is handed to the
 * global fetch as it is. Chart uploads do not come this way: `postFile` sends them from their buffers.
 */
export const requestFetch: typeof fetch = async (input, init = {}) => {
  const { body, redirect, headers, method, signal } = init;
  const simpleBody = body == null || typeof body === 'string' || body instanceof Uint8Array;
  const url = typeof input === 'string' && /^https?:/i.test(input) ? new URL(input) : undefined;
  if (!url || redirect !== 'error' || !simpleBody || !plainHeaders(headers)) return fetch(input, init);
  const res = await send(url, (method ?? 'GET').toUpperCase(), headers ?? {}, body ?? undefined, signal ?? undefined);
  // What fetch does with redirect: 'error'.
  if (res.status >= 300 && res.status < 400) throw new TypeError(`fetch failed: redirect (${res.status}) from ${input}`);
  const empty = res.status === 204 || res.status === 304 || method?.toUpperCase() === 'HEAD';
  return new BufferedResponse(res.status, res.statusText, new ResponseHeaders(res.headers), empty ? Buffer.alloc(0) : res.body) as unknown as Response;
};

/**
 * What the Web API client reads of a response's headers (`get`, `entries`), as WHATWG Headers gives them: names
 * lower-cased, repeated values joined with ", ". Not Headers itself: its first use loads node's bundled undici
 * (~75 ms of a start under npm start's V8 flags).
 */
class ResponseHeaders {
  readonly #values = new Map<string, string>();
  constructor(headers: IncomingHttpHeaders) {
    for (const name of Object.keys(headers).sort()) {
      const value = headers[name];
      if (value !== undefined) this.#values.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }
  entries(): IterableIterator<[string, string]> {
    return this.#values.entries();
  }
}

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
    readonly headers: ResponseHeaders,
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
  const target = new URL(url);
  const res = await send(target, 'POST', { ...headers, 'content-type': form.type }, form.bytes, AbortSignal.timeout(timeoutMs));
  if (res.status !== 200) throw new Error(`upload to ${target.host} answered ${res.status}`);
}

/** A plain name → value record (what the Web API client passes); Headers objects and pair lists go to fetch. */
function plainHeaders(h: RequestInit['headers']): h is Record<string, string> | undefined {
  if (h === undefined) return true;
  const proto: unknown = typeof h === 'object' && h !== null ? Object.getPrototypeOf(h) : undefined;
  return proto === Object.prototype || proto === null;
}
