// The reply pacing: waiting reply steps go one per turn of the event loop, so what arrives meanwhile
// (a request to ack) is never behind all of them.
import { describe, expect, it } from 'vitest';
import { LULL_MS, STARVE_MS, dispatchTurn, limit, replyTurn, requestArrived, stepWaitMs, yieldToIo } from '../../src/core/pace.ts';

/** Runs `steps` waiting on `wait` side by side; the event-loop turn each one ran in (a ticker counts turns). */
async function turnsOf(wait: () => Promise<void>, steps: number): Promise<number[]> {
  let turn = 0;
  let done = false;
  const tick = () => {
    turn++;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  const ran = await Promise.all(Array.from({ length: steps }, async () => (await wait(), turn)));
  done = true;
  return ran;
}

describe('pace', () => {
  it('yieldToIo lets every waiting step run in the next turn; replyTurn one step per turn, first come first served', async () => {
    const together = await turnsOf(yieldToIo, 4);
    expect(new Set(together).size).toBe(1);
    const apart = await turnsOf(replyTurn, 4);
    expect(new Set(apart).size).toBe(4);
    expect(apart).toEqual([...apart].sort((a, b) => a - b));
  });

  it('stepWaitMs: no wait once requests pause for LULL_MS, else until the lull or STARVE_MS after the last step', () => {
    expect([LULL_MS, STARVE_MS]).toEqual([10, 25]);
    expect(stepWaitMs(100, -Infinity, -Infinity)).toBe(0); // nothing arrived yet
    expect(stepWaitMs(100, 90, 99)).toBe(0); // a lull of 10 ms
    expect(stepWaitMs(100, 95, 90)).toBe(5); // the lull comes first
    expect(stepWaitMs(100, 99, 80)).toBe(5); // a steady stream: the starvation bound comes first
    expect(stepWaitMs(100, 100, 70)).toBe(0); // the bound is past: the step runs now
  });

  it('a request arriving holds the waiting reply steps until requests pause', async () => {
    // No wall-clock bounds (a loaded machine stalls): which of two things happens first, by the loop's phases.
    await replyTurn(); // a step has just run, so the next waits for the lull or STARVE_MS
    requestArrived(performance.now() + 60_000); // requests "arriving" until far ahead: only STARVE_MS lets it go
    const step = replyTurn().then(() => 'step');
    try {
      // Held: it waits for a timer, so an immediate set after it still runs first.
      expect(await Promise.race([step, yieldToIo().then(() => 'turn')])).toBe('turn');
    } finally {
      requestArrived(-Infinity);
    }
    expect(await step).toBe('step');
    // Once requests have paused, the next step waits for no timer: it runs before one of LULL_MS set beside it
    // (an immediate runs in this turn of the loop, a timer in a later one).
    const first = await Promise.race([replyTurn().then(() => 'step'), new Promise((r) => setTimeout(r, LULL_MS)).then(() => 'timer')]);
    expect(first).toBe('step');
  });

  it('while requests keep arriving, reply steps still run, STARVE_MS apart', async () => {
    // A request "arriving" until far ahead: no lull comes, so only the starvation bound lets steps run.
    requestArrived(performance.now() + 60_000);
    const at: number[] = [];
    try {
      await Promise.all(Array.from({ length: 4 }, async () => (await replyTurn(), at.push(performance.now()))));
    } finally {
      requestArrived(-Infinity);
    }
    const gaps = at.slice(1).map((x, i) => x - at[i]!);
    expect(gaps).toHaveLength(3);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(STARVE_MS - 1);
  });

  it('a dispatch goes before the reply steps already waiting, which keep their order', async () => {
    const order: string[] = [];
    const steps = [
      ...['r1', 'r2', 'r3'].map(async (name) => (await replyTurn(), order.push(name))),
      (async () => (await dispatchTurn(), order.push('d')))(),
    ];
    await Promise.all(steps);
    expect(order).toEqual(['d', 'r1', 'r2', 'r3']);
  });

  it('limit runs at most n at once and hands a finished slot to the next in line', async () => {
    const run = limit(2);
    let active = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        run(async () => {
          most = Math.max(most, ++active);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          active--;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });
});
