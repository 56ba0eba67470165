// Pacing for the work after an ack, so a burst of replies leaves the event loop room for new requests.

/** Lets pending I/O (new requests and their acks) run before the next step starts. */
export const yieldToIo = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Reply steps wait for requests to stop arriving this long: a burst's acks first, its replies after. */
export const LULL_MS = 10;
/** ...but one step still runs this often while they keep arriving, so a steady stream cannot starve replies. */
export const STARVE_MS = 25;

let lastArrival = -Infinity;
let lastStep = -Infinity;

/**
 * The HTTP server calls this for every request it reads. While requests keep coming (a burst), reply
 * steps run one per STARVE_MS instead of one per turn: each step's Web API calls and their callbacks
 * ran between the acks, and 500 replies' worth held an open-loop burst's acks ~0.3–0.5 s (`bench/process.ts`).
 */
export function requestArrived(now = performance.now()): void {
  lastArrival = now;
}

/** How long the next reply step waits at `now`: 0 once requests have paused, or the starvation bound is due. */
export function stepWaitMs(now: number, arrival: number, step: number): number {
  return Math.max(0, Math.min(arrival + LULL_MS, step + STARVE_MS) - now);
}

// Steps of the work after an ack, one per turn of the event loop, first come first served: dispatches
// (what decides a reply, e.g. a form whose trigger id lasts 3 s) before the replies' own steps.
const dispatches: (() => void)[] = [];
const turns: (() => void)[] = [];
const waiting = () => dispatches.length + turns.length;
const nextTurn = () => {
  const now = performance.now();
  const wait = stepWaitMs(now, lastArrival, lastStep);
  if (wait > 0) {
    setTimeout(nextTurn, wait);
    return;
  }
  lastStep = now;
  (dispatches.shift() ?? turns.shift())?.();
  if (waiting()) setImmediate(nextTurn);
};
const enqueue = (queue: (() => void)[]) =>
  new Promise<void>((resolve) => {
    queue.push(resolve);
    if (waiting() === 1) setImmediate(nextTurn);
  });

/**
 * Like yieldToIo, but one waiting step per turn of the event loop however many are waiting: in a burst,
 * every request read in a turn (an ack, a kept /api/ask answer) is answered before the next reply step,
 * instead of after all of them (eight replies' steps back to back held every waiting request ~10 ms a turn).
 * While requests keep arriving, one step per STARVE_MS (requestArrived).
 */
export const replyTurn = (): Promise<void> => enqueue(turns);

/** A turn like replyTurn's, ahead of every waiting reply step: for a platform's dispatch of an acked request. */
export const dispatchTurn = (): Promise<void> => enqueue(dispatches);

/** At most `n` at once, first come first served (core imports nothing but zod, so no p-limit here). */
export function limit(n: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    // A finishing task hands its slot straight to the next in line, so no newcomer slips in between.
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
