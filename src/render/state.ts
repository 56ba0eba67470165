// Canvas state setters that skip a value the context already holds. Each assignment to fillStyle, font and the
// like is a native call that parses its string (~0.5–1 µs) even when nothing changes, and a chart sets the same
// few values ~200 times; remembering the last value set makes the repeats free. Pixels are unaffected: a skipped
// assignment would have set what is already there. restore() brings back saved values, so it forgets them all.
import type { SKRSContext2D } from '@napi-rs/canvas';

const CACHED = ['fillStyle', 'strokeStyle', 'font', 'lineWidth', 'textAlign', 'textBaseline', 'globalAlpha', 'lineJoin', 'lineCap'] as const;
const UNKNOWN = Symbol('unknown');

/** Makes `ctx` skip state assignments that change nothing; call once per context. */
export function skipUnchangedState(ctx: SKRSContext2D): SKRSContext2D {
  const proto = Object.getPrototypeOf(ctx) as object;
  // On a prototype of its own between the context and its class, not on the context: own accessors would turn
  // the context into a slow dictionary-mode object for every other call.
  const layer = Object.create(proto) as object;
  const last = new Map<string, unknown>();
  for (const name of CACHED) {
    const native = Object.getOwnPropertyDescriptor(proto, name);
    if (!native?.get || !native.set) continue;
    const { get, set } = native;
    last.set(name, UNKNOWN);
    Object.defineProperty(layer, name, {
      configurable: true,
      get() {
        return get.call(this);
      },
      set(v: unknown) {
        // strings and numbers only: a gradient or pattern object may have changed since it was set
        if (last.get(name) === v && (typeof v === 'string' || typeof v === 'number')) return;
        set.call(this, v);
        last.set(name, v);
      },
    });
  }
  let dash: readonly number[] = [];
  const setLineDash = ctx.setLineDash;
  const restore = ctx.restore;
  Object.defineProperties(layer, {
    setLineDash: {
      configurable: true,
      value(segments: number[]) {
        if (segments.length === dash.length && segments.every((v, i) => v === dash[i])) return;
        setLineDash.call(this, segments);
        dash = [...segments];
      },
    },
    restore: {
      configurable: true,
      value() {
        restore.call(this);
        for (const name of last.keys()) last.set(name, UNKNOWN);
        dash = this.getLineDash();
      },
    },
  });
  Object.setPrototypeOf(ctx, layer);
  return ctx;
}
