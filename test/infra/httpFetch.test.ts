// requestFetch against a real local server: what the Slack Web API client reads from a response is
// what WHATWG fetch would have given it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeParts, postFile, requestFetch } from '../../src/infra/httpFetch.ts';

let base = '';
const seen: { method: string; type: string; body: string; auth: string; raw?: Buffer }[] = [];
const server = createServer(async (req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  seen.push({ method: req.method!, type: String(req.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString(), auth: String(req.headers.authorization ?? '') });
  if (req.url === '/upload') seen.at(-1)!.raw = Buffer.concat(chunks);
  if (req.url === '/moved') return res.writeHead(302, { location: '/api' }).end();
  if (req.url === '/empty') return res.writeHead(204).end();
  res.setHeader('set-cookie', ['a=1', 'b=2']);
  res.writeHead(req.url === '/limited' ? 429 : 200, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '3' });
  res.end(JSON.stringify({ ok: true, echo: Buffer.concat(chunks).toString() }));
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('requestFetch', () => {
  it("answers the Web API client's form POST as fetch would: status, headers, body", async () => {
    const body = 'channel=C1&text=hello%20there';
    const res = await requestFetch(`${base}/api/chat.postMessage`, {
      method: 'POST', redirect: 'error', body, signal: AbortSignal.timeout(5_000),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-test' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    expect([res.ok, res.statusText, res.url]).toEqual([true, 'OK', '']);
    expect(await res.json()).toEqual({ ok: true, echo: body });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(/already been read/); // as a Response's body, read once
    expect(seen.at(-1)).toEqual({ method: 'POST', type: 'application/x-www-form-urlencoded', body, auth: 'Bearer xoxb-test' });
    const limited = await requestFetch(`${base}/limited`, { method: 'POST', redirect: 'error', body: 'x=1' });
    expect([limited.status, limited.ok, limited.headers.get('retry-after')]).toEqual([429, false, '3']);
    expect(Object.fromEntries(limited.headers.entries())).toMatchObject({ 'retry-after': '3', 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(Buffer.from(await limited.arrayBuffer()).toString())).toEqual({ ok: true, echo: 'x=1' });
    const empty = await requestFetch(`${base}/empty`, { method: 'POST', redirect: 'error', body: 'x=1' });
    expect([empty.status, await empty.text()]).toEqual([204, '']);
  });

  it('refuses a redirect as fetch does with redirect: error, and honours the abort signal', async () => {
    await expect(requestFetch(`${base}/moved`, { method: 'POST', redirect: 'error', body: 'x=1' })).rejects.toThrow(/redirect/);
    const aborted = AbortSignal.abort(new Error('gave up'));
    await expect(requestFetch(`${base}/api`, { method: 'POST', redirect: 'error', body: 'x=1', signal: aborted })).rejects.toThrow('gave up');
  });

  it("posts a file as fetch would post a FormData holding it: the server reads back its field, name, type and every byte", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    await postFile(`${base}/upload`, 'body', { bytes: png, filename: 'chart "1".png' }, { authorization: 'Bearer xoxb-test' }, 5_000);
    const got = seen.at(-1)!;
    expect(got.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(got.auth).toBe('Bearer xoxb-test');
    // WHATWG's own multipart parser reads it: what fetch sent, it would take back.
    const parsed = await new Response(got.raw, { headers: { 'content-type': got.type } }).formData();
    const file = parsed.get('body') as File;
    expect([file.name, file.type, Buffer.from(await file.arrayBuffer())]).toEqual(['chart "1".png', 'application/octet-stream', png]);
    // Byte for byte what the global fetch sends for the same fields, but for the boundary.
    const parts = [
      { name: 'body', bytes: png, filename: 'chart "1".png' },
      { name: 'note', value: 'line one\nline two' },
      { name: 'typed', bytes: Buffer.from('{}'), filename: 'a.json', type: 'application/json' },
    ];
    const ours = encodeParts(parts);
    const form = new FormData();
    form.append('body', new Blob([png]), 'chart "1".png');
    form.append('note', 'line one\nline two');
    form.append('typed', new Blob(['{}'], { type: 'application/json' }), 'a.json');
    await fetch(`${base}/upload`, { method: 'POST', body: form });
    const byFetch = seen.at(-1)!;
    const unbounded = (raw: Buffer, type: string) => raw.toString('latin1').split(type.split('boundary=')[1]!).join('B');
    expect(unbounded(ours.bytes, ours.type)).toBe(unbounded(byFetch.raw!, byFetch.type));
    expect(encodeParts(parts).type).not.toBe(ours.type); // each body a boundary of its own
  });

  it('a file post answered with anything but 200 rejects, as the Web API client\'s upload does', async () => {
    await expect(postFile(`${base}/limited`, 'body', { bytes: Buffer.from('x'), filename: 'x.png' }, {}, 5_000)).rejects.toThrow(/answered 429/);
  });

  it('hands anything else to the global fetch', async () => {
    const followed = await requestFetch(`${base}/moved`); // fetch's default redirect: follow
    expect(followed.status).toBe(200);
  });
});
