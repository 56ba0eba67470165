// Pacing for the work after an ack, so a burst of replies leaves the event loop room for new requests.

/** Lets pending I/O (new requests and their acks) run before the next step starts. */
export const yieldToIo = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

// Steps of the work after an ack (replies), one per turn of the event loop, first come first served.
const turns: (() => void)[] = [];
const nextTurn = () => {
  turns.shift()?.();
  if (turns.length) setImmediate(nextTurn);
};

/**
 * Like yieldToIo, but one waiting step per turn of the event loop however many are waiting: in a burst,
 * every request read in a turn (an ack, a kept /api/ask answer) is answered before the next reply step,
 * instead of after all of them (eight replies' steps back to back held every waiting request ~10 ms a turn).
 */
export const replyTurn = (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (turns.push(resolve) === 1) setImmediate(nextTurn);
  });

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
