// Pacing for the work after an ack, so a burst of replies leaves the event loop room for new requests.

/** Lets pending I/O (new requests and their acks) run before the next step starts. */
export const yieldToIo = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

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
