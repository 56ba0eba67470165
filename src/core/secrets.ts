// Secrets removed by value: whatever text carries a configured secret, an interaction token or a
// response URL (an upstream error body echoing the KRX key, a REST error holding a webhook URL), the
// value itself is replaced before that text reaches a log line, a reply or a metric. Token-shaped
// patterns alone miss keys that have no recognisable shape.

export const REDACTED = '[REDACTED]';
/** Shorter values would match ordinary words; no real credential is this short. */
const MIN_CHARS = 6;
/** Bounds memory when a flood of interactions registers their tokens. */
const MAX_TRANSIENT = 20_000;

const permanent = new Set<string>();
const transient = new Map<string, number>();
let ordered: string[] | undefined;

function variants(value: string): string[] {
  const out = new Set([value]);
  // Form-encoded bodies and query strings carry the percent-encoded spelling.
  const encoded = encodeURIComponent(value);
  if (encoded !== value) out.add(encoded);
  // A JSON string escapes quotes, backslashes and (in some serializers) slashes.
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) out.add(json);
  const slashes = value.replace(/\//g, '\\/');
  if (slashes !== value) out.add(slashes);
  return [...out];
}

/** Scrub `value` from now on (a configured secret: for the life of the process). */
export function addSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value.trim().length < MIN_CHARS) return;
  for (const v of variants(value.trim())) permanent.add(v);
  ordered = undefined;
}

/** Scrub `value` for `ttlMs` (an interaction token or response URL: as long as it can be used). */
export function addTransientSecret(value: string | undefined | null, ttlMs: number, now = Date.now()): void {
  if (typeof value !== 'string' || value.length < MIN_CHARS) return;
  if (transient.size >= MAX_TRANSIENT) {
    for (const [k, until] of transient) if (until <= now || transient.size >= MAX_TRANSIENT) transient.delete(k);
  }
  for (const v of variants(value)) transient.set(v, now + ttlMs);
  ordered = undefined;
}

/** Forget every registered value (tests). */
export function clearSecrets(): void {
  permanent.clear();
  transient.clear();
  ordered = undefined;
}

function values(now: number): string[] {
  if (ordered && !ordered.some((v) => (transient.get(v) ?? Infinity) <= now)) return ordered;
  for (const [k, until] of transient) if (until <= now) transient.delete(k);
  // Longest first: a secret that contains another is removed whole.
  ordered = [...new Set([...permanent, ...transient.keys()])].sort((a, b) => b.length - a.length);
  return ordered;
}

/** `text` with every registered secret value replaced. */
export function scrubKnown(text: string): string {
  const list = values(Date.now());
  if (list.length === 0) return text;
  let out = text;
  for (const v of list) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}

/**
 * `value` with every string (at any depth) scrubbed. Unchanged parts are returned as they are (no
 * copy), so a large report with no secret in it costs one walk and no allocation.
 */
export function scrubDeep<T>(value: T): T {
  const list = values(Date.now());
  return list.length === 0 ? value : (walk(value, list, 0) as T);
}

function walk(value: unknown, list: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return list.some((v) => value.includes(v)) ? scrubKnown(value) : value;
  if (value === null || typeof value !== 'object' || depth > 12) return value;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const w = walk(v, list, depth + 1);
      if (w !== v) (copy ??= [...value])[i] = w;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const w = walk(v, list, depth + 1);
    if (w !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = w;
  }
  return copy ?? value;
}
