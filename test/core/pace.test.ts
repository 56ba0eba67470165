// The reply pacing: waiting reply steps go one per turn of the event loop, so what arrives meanwhile
// (a request to ack) is never behind all of them.
import { describe, expect, it } from 'vitest';
import { limit, replyTurn, yieldToIo } from '../../src/core/pace.ts';

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
