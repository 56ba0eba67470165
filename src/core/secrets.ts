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

/**
 * Every value registered, in order (`added[i]` is number `addedBase + i`), so an object found clean
 * is checked again only against the values registered since. Trimmed from the front; an object
 * checked before the trimmed part is checked against every value again.
 */
let added: string[] = [];
let addedBase = 0;
const ADDED_KEPT = 4_096;
const registered = (v: string): void => {
  added.push(v);
  if (added.length > ADDED_KEPT) {
    addedBase += added.length - ADDED_KEPT / 2;
    added = added.slice(-ADDED_KEPT / 2);
  }
};
const registeredCount = (): number => addedBase + added.length;

/**
 * The registered values, indexed by a hash of their last MIN_CHARS characters: any occurrence of a
 * value in a text ends with those characters there, so one pass over the text with a rolling hash
 * (no allocation) finds every candidate. Keyed by the end, not the start, because response URLs all
 * begin `https://hooks.slack.com/` while their tokens end them. A burst of 500 Slack commands
 * registers ~1,500 values, and every string of every answer is checked against them: one `includes`
 * per value cost more CPU than the answers. New values join the index as they come; it is rebuilt
 * only when a transient value expires.
 */
interface Matcher {
  byEnd: Map<number, string[]>;
  size: number;
  /** Longest first, for the replacement (a secret that contains another is removed whole); sorted when needed. */
  sorted?: string[];
  /** The soonest expiry among the transient values: rebuilt then. */
  until: number;
}
let matcher: Matcher | undefined;

const BASE = 31;
/** BASE^MIN_CHARS in 32-bit arithmetic: what the character leaving the window weighs. */
const OUTGOING = (() => {
  let p = 1;
  for (let i = 0; i < MIN_CHARS; i++) p = Math.imul(p, BASE);
  return p;
})();

/** The 32-bit polynomial hash of text[end − MIN_CHARS, end). */
function endHash(text: string, end: number): number {
  let h = 0;
  for (let i = end - MIN_CHARS; i < end; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

function index(m: Matcher, v: string): void {
  const key = endHash(v, v.length);
  const same = m.byEnd.get(key);
  if (same?.includes(v)) return;
  if (same) same.push(v);
  else m.byEnd.set(key, [v]);
  m.size++;
  m.sorted = undefined;
}

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
  for (const v of variants(value.trim())) {
    permanent.add(v);
    registered(v);
    if (matcher) index(matcher, v);
  }
}

/** Scrub `value` for `ttlMs` (an interaction token or response URL: as long as it can be used). */
export function addTransientSecret(value: string | undefined | null, ttlMs: number, now = Date.now()): void {
  if (typeof value !== 'string' || value.length < MIN_CHARS) return;
  if (transient.size >= MAX_TRANSIENT) {
    for (const [k, until] of transient) if (until <= now || transient.size >= MAX_TRANSIENT) transient.delete(k);
    matcher = undefined;
  }
  for (const v of variants(value)) {
    transient.set(v, now + ttlMs);
    registered(v);
    if (matcher) {
      index(matcher, v);
      matcher.until = Math.min(matcher.until, now + ttlMs);
    }
  }
}

/** Forget every registered value (tests). */
export function clearSecrets(): void {
  permanent.clear();
  transient.clear();
  matcher = undefined;
  checked = new WeakMap();
}

function current(now: number): Matcher {
  if (matcher && now < matcher.until) return matcher;
  let until = Infinity;
  for (const [k, t] of transient) {
    if (t <= now) transient.delete(k);
    else until = Math.min(until, t);
  }
  const m: Matcher = { byEnd: new Map(), size: 0, until };
  for (const v of permanent) index(m, v);
  for (const v of transient.keys()) index(m, v);
  return (matcher = m);
}

/** Whether `text` holds any registered value. */
function holdsAny(text: string, m: Matcher): boolean {
  if (text.length < MIN_CHARS) return false;
  let h = endHash(text, MIN_CHARS);
  for (let end = MIN_CHARS; ; end++) {
    const candidates = m.byEnd.get(h);
    if (candidates) for (const v of candidates) if (text.endsWith(v, end)) return true;
    if (end === text.length) return false;
    // Roll the window one character on: add the next, drop the one MIN_CHARS back.
    h = (Math.imul(h, BASE) + text.charCodeAt(end) - Math.imul(text.charCodeAt(end - MIN_CHARS), OUTGOING)) | 0;
  }
}

/** `text` with every registered secret value replaced. */
export function scrubKnown(text: string): string {
  const m = current(Date.now());
  if (m.size === 0 || !holdsAny(text, m)) return text;
  m.sorted ??= [...m.byEnd.values()].flat().sort((x, y) => y.length - x.length);
  let out = text;
  for (const v of m.sorted) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}

/**
 * `value` with every string (at any depth) scrubbed. Unchanged parts are returned as they are (no
 * copy), so a large report with no secret in it costs one walk and no allocation; walked again (a
 * kept answer, shared by every ask in its minute: src/core/share.ts), a large part found clean is
 * checked only against the values registered since, in its text, without walking it. That relies
 * on answers being read-only once made, as shared answers are.
 */
export function scrubDeep<T>(value: T): T {
  const m = current(Date.now());
  return m.size === 0 ? value : (walk(value, m, 0) as T);
}

/** A part walked and found clean: every string in it, and how many values were registered then. */
interface Clean {
  text: string;
  upTo: number;
  depth: number;
}
let checked = new WeakMap<object, Clean>();
/** Parts this large (elements and keys walked) are remembered once found clean; smaller ones cost less to walk again. */
const LARGE = 256;
/** Elements and keys walked so far: a part's size is the difference across its walk. */
let walked = 0;

/** Whether `c` is still clean: none of the values registered since it was checked is in its text. */
function stillClean(c: Clean, m: Matcher): boolean {
  const now = registeredCount();
  if (c.upTo < now) {
    if (c.upTo < addedBase) {
      if (holdsAny(c.text, m)) return false;
    } else {
      for (let i = c.upTo - addedBase; i < added.length; i++) if (c.text.includes(added[i]!)) return false;
    }
    c.upTo = now;
  }
  return true;
}

/** Whether `walk` looks inside `value`: one rule for it and for `stringsOf`, which must see every string it checks. */
const walksInto = (value: unknown, depth: number): value is object =>
  value !== null && typeof value === 'object' && depth <= 12 && !Buffer.isBuffer(value) && !ArrayBuffer.isView(value) && !(value instanceof Date);

/** Every string `walk` would check in `value`, joined (a value spanning two of them is a false alarm: walked again). */
function stringsOf(value: unknown, depth: number, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (walksInto(value, depth)) {
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v !== 'number') stringsOf(v, depth + 1, out);
    } else {
      for (const k in value) if (Object.hasOwn(value, k)) stringsOf((value as Record<string, unknown>)[k], depth + 1, out);
    }
  }
  return out;
}

function walk(value: unknown, m: Matcher, depth: number): unknown {
  if (typeof value === 'string') return holdsAny(value, m) ? scrubKnown(value) : value;
  if (!walksInto(value, depth)) return value;
  const known = checked.get(value);
  // Found clean at this depth or nearer the top: it was walked at least as deep as this walk would go.
  if (known && known.depth <= depth && stillClean(known, m)) return value;
  const upTo = registeredCount();
  const start = walked;
  let out: unknown;
  if (Array.isArray(value)) {
    walked += value.length;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      // Numbers are most of a chart's data: nothing to scrub, no call.
      if (typeof v === 'number') continue;
      const w = walk(v, m, depth + 1);
      if (w !== v) (copy ??= [...value])[i] = w;
    }
    out = copy ?? value;
  } else {
    let copy: Record<string, unknown> | undefined;
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      walked++;
      const v = (value as Record<string, unknown>)[k];
      if (typeof v === 'number') continue;
      const w = walk(v, m, depth + 1);
      if (w !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = w;
    }
    out = copy ?? value;
  }
  if (out === value && walked - start >= LARGE) checked.set(value, { text: stringsOf(value, depth, []).join('\n'), upTo, depth });
  return out;
}
