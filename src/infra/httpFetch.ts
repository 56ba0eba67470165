// `fetch` for a client that takes one (the Slack Web API client's `fetch` option), made over undici's
// `request`. A Slack answer is six or seven Web API calls (users.info, the anchor, its update, the
// answer, three for the chart upload), and WHATWG fetch's machinery (its request and response
// streams, abort plumbing and header guards) costs about twice undici.request's CPU per call: 0.45
// against 0.21 ms for one small form POST to a local server. In a burst of 500 Slack commands those
// ~3,500 calls run on the event loop that owes every next request its ack (`npm run bench`, burst).
import { request } from 'undici';

/**
 * The calls the Web API client makes (a URL string, `redirect: 'error'`, a string or bytes body) go
 * through undici.request; anything else is handed to the global fetch as it is: a file upload's
 * FormData too (the npm undici's multipart encoder takes only its own FormData class, not Node's).
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
  return new Response(empty ? null : bytes, { status: res.statusCode, statusText: res.statusText ?? '', headers: list });
};

/** A plain name → value record (what the Web API client passes); Headers objects and pair lists go to fetch. */
function plainHeaders(h: RequestInit['headers']): h is Record<string, string> | undefined {
  return h === undefined || (typeof h === 'object' && !Array.isArray(h) && !(h instanceof Headers));
}
