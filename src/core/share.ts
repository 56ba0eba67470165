// Identical asks share one answer: on a crash day a whole desk types /kospi-stress at once, and 200
// copies of the same analytics would queue behind each other on one core. Asks in flight at the same
// moment share one run; a settled answer is kept for asks in the same minute while every input it
// read (each series and option chain, as the same object the data layer handed out) is unchanged,
// so an answer is never older than the data it was computed from. The digest's parts go through
// the same list, so a digest reuses the answers its parts already have. Answers that read a moving
// quote (intraday) are not kept; personal commands (subscriptions) always run alone.
import type { ChartSpec, Command, Context, MarketData, Report } from './types.ts';
import type { RenderFn } from './pipeline.ts';

/** Settled answers kept per command (the oldest goes first); each is good for its minute only. */
const KEPT_PER_COMMAND = 32;
const MINUTE_MS = 60_000;

/** One input an answer read: a series or option chain, as the object the data layer handed out. */
export interface InputRead {
  kind: 'series' | 'chain';
  key: string;
  value: unknown;
}

/** What reading through `recordingReads` met besides fixed inputs: a live quote (`moving`), a read that failed. */
export interface ReadNote {
  moving: boolean;
  failed: boolean;
}

interface Kept {
  report: Report;
  minute: number;
  market: MarketData;
  reads: readonly InputRead[];
}

const BASE = Symbol('market read through');

/** `market` recording what is read from it into `reads`, and in `note` a live quote read or a failed read. */
export function recordingReads(market: MarketData, reads: InputRead[], note: ReadNote): MarketData {
  const noted = async <T>(kind: InputRead['kind'], key: string, ask: Promise<T>): Promise<T> => {
    try {
      const value = await ask;
      reads.push({ kind, key, value });
      return value;
    } catch (err) {
      note.failed = true;
      throw err;
    }
  };
  const recorder: MarketData & { [BASE]: MarketData } = {
    [BASE]: baseOf(market),
    kind: market.kind,
    demo: market.demo,
    series: (symbol) => noted('series', symbol, market.series(symbol)),
    optionChain: (asOf) => noted('chain', asOf, market.optionChain(asOf)),
  };
  const intraday = market.intraday?.bind(market);
  if (intraday) {
    recorder.intraday = (symbol, now) => {
      note.moving = true;
      return intraday(symbol, now);
    };
  }
  return recorder;
}

/**
 * Whether every input in `reads` is still the object `market` hands out. Read through the market given,
 * so an enclosing answer (the digest) records these inputs as its own; a read that fails now: no.
 */
export async function sameInputs(reads: Iterable<InputRead>, market: MarketData): Promise<boolean> {
  try {
    for (const r of reads) if ((r.kind === 'series' ? await market.series(r.key) : await market.optionChain(r.key)) !== r.value) return false;
    return true;
  } catch {
    return false; // the data layer says something else now: compute, and let the command say it
  }
}

const baseOf = (market: MarketData): MarketData => (market as { [BASE]?: MarketData })[BASE] ?? market;
const minuteOf = (ctx: Context) => Math.floor(ctx.now.getTime() / MINUTE_MS);

/** The kept answer when it still holds: same minute, same market, and every input read again is the same object. */
async function stillHolds(kept: Kept | undefined, ctx: Context): Promise<Report | undefined> {
  if (!kept || kept.minute !== minuteOf(ctx) || kept.market !== baseOf(ctx.market)) return undefined;
  return (await sameInputs(kept.reads, ctx.market)) ? kept.report : undefined;
}

/** `list` with each command's answers shared between identical asks. Reports are shared: treat them as read-only. */
export function sharingCommands(list: readonly Command[]): Command[] {
  return list.map((command) => {
    const inflight = new Map<string, ReturnType<Command['run']>>();
    const kept = new Map<string, Kept>();
    const keep = (key: string, entry: Kept) => {
      kept.delete(key);
      kept.set(key, entry);
      if (kept.size > KEPT_PER_COMMAND) kept.delete(kept.keys().next().value!);
    };
    async function answer(key: string, args: unknown, ctx: Context): Promise<Report> {
      const held = await stillHolds(kept.get(key), ctx);
      if (held) return held;
      const reads: InputRead[] = [];
      const note: ReadNote = { moving: false, failed: false };
      const minute = minuteOf(ctx);
      // Only a computation waits its turn (ctx.pace); its own parts (the digest's) then run within that turn,
      // never queueing again for a slot it holds.
      const { pace, ...own } = ctx;
      const compute = () => command.run(args as never, { ...own, market: recordingReads(ctx.market, reads, note) });
      const report = await (pace ? pace(compute) : compute());
      if (!note.moving) keep(key, { report, minute, market: baseOf(ctx.market), reads });
      else kept.delete(key);
      return report;
    }
    return {
      ...command,
      run(args, ctx) {
        if (command.personal?.(args)) return command.run(args, ctx);
        // The language is part of the answer: a Korean channel and an English one never share one.
        const key = `${ctx.locale ?? ''} ${JSON.stringify(args)}`;
        let run = inflight.get(key);
        if (!run) {
          run = answer(key, args, ctx).finally(() => inflight.delete(key));
          inflight.set(key, run);
        }
        return run;
      },
    };
  });
}

/**
 * `render` with one PNG per chart object: a shared Report's charts are rendered once however many
 * adapters ask for them. Kept only while the spec object lives (a WeakMap), dropped on failure.
 */
export function sharingRender(render: RenderFn): RenderFn {
  const made = new WeakMap<ChartSpec, Promise<Buffer>>();
  return (spec) => {
    let png = made.get(spec);
    if (!png) {
      png = render(spec);
      made.set(spec, png);
      png.catch(() => made.delete(spec));
    }
    return png;
  };
}
