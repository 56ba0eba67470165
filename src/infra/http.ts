// One HTTP server for everything that listens: /healthz, Slack events, Discord interactions,
// the web playground and /metrics. Adapters add routes; none brings its own framework.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './log.ts';
import { createHealth, type Health } from './health.ts';
import { hostAllowed } from './exposure.ts';
import { requestArrived } from '../core/pace.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServer {
  /** Exact path, or a prefix when `path` ends with '/*'. */
  route(method: string, path: string, handler: Handler): void;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
  readonly server: Server;
  /** Components reported by /healthz and gating /readyz. */
  readonly health: Health;
}

export interface HttpServerOptions {
  /** Host header names answered (anything else gets 421): a loopback server's guard against DNS rebinding. */
  allowedHosts?: readonly string[];
}

export function createHttpServer(
  log: Logger,
  extra: () => Record<string, unknown> = () => ({}),
  health: Health = createHealth(),
  opts: HttpServerOptions = {},
): HttpServer {
  const routes: { method: string; path: string; prefix: boolean; handler: Handler }[] = [];
  const server = createServer((req, res) => {
    requestArrived();
    const path = (req.url ?? '/').split('?')[0]!;
    if (opts.allowedHosts && !hostAllowed(req, opts.allowedHosts)) {
      // A page on another domain rebound to 127.0.0.1 still sends its own name as Host.
      return refuseUnread(req, res, 421, { error: 'unknown host (set ALLOWED_HOSTS to serve this name)' });
    }
    const route = routes.find(
      (r) => r.method === req.method && (r.prefix ? path.startsWith(r.path) : r.path === path),
    );
    if (!route) {
      const known = routes.some((r) => (r.prefix ? path.startsWith(r.path) : r.path === path));
      sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
      return;
    }
    Promise.resolve()
      .then(() => route.handler(req, res))
      .catch((err: unknown) => {
        const tooLarge = err instanceof BodyTooLargeError;
        if (!tooLarge) log.error({ err, path }, 'http handler failed');
        // The rest of a body too large is not read: the connection closes once the 413 is out.
        if (tooLarge && !res.headersSent) refuseUnread(req, res, 413, { error: 'body too large' });
        else if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.end();
      });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const api: HttpServer = {
    server,
    health,
    route(method, path, handler) {
      const prefix = path.endsWith('/*');
      routes.push({ method, path: prefix ? path.slice(0, -1) : path, prefix, handler });
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
  const probes = health.handlers(extra);
  api.route('GET', '/healthz', probes.healthz);
  api.route('GET', '/readyz', probes.readyz);
  return api;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

/** `text` is JSON already (an answer's envelope written once: src/bot/web). */
export function sendJsonText(res: ServerResponse, status: number, text: string | Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Answers from the headers alone: the body is never read into memory, and the connection closes
 * after the answer so nothing more arrives on it.
 */
export function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  res.setHeader('connection', 'close');
  res.once('finish', () => req.destroy());
  sendJson(res, status, body);
}

export class BodyTooLargeError extends Error {}

/**
 * The raw body (signature checks need the exact bytes), bounded so a client cannot exhaust memory. Read
 * from the stream's events: `for await` built an async iterator and its end-of-stream watch per request,
 * a visible part of a burst's ack path (`bench/process.ts`, CPU profile). Over the limit, what follows is
 * dropped unread (the server answers 413 and closes the connection).
 */
export function readBody(req: IncomingMessage, limitBytes = 1_000_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (err?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      settle(new BodyTooLargeError(`body over ${limitBytes} bytes`));
    };
    const onEnd = () => settle();
    const onClose = () => settle(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    req.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
  });
}
