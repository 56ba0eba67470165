// SIGTERM/SIGINT handling in process: the first signal starts the shutdown; the same signal echoed within a
// second (Ctrl-C under `npm start` arrives from the terminal and again from npm) is ignored; a later one exits 1.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/infra/log.ts';
import { REPEAT_MS, onStopSignals, type Shutdown } from '../../src/infra/shutdown.ts';

const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
afterEach(() => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) for (const l of process.listeners(sig)) if (!before[sig].includes(l)) process.off(sig, l);
});

function fakeShutdown() {
  const runs: string[] = [];
  const shutdown = {
    beforeDrain: () => undefined,
    afterDrain: () => undefined,
    run: async (reason: string) => void runs.push(reason),
    get stopping() {
      return runs.length > 0;
    },
  } satisfies Shutdown;
  return { shutdown, runs };
}

describe('onStopSignals', () => {
  it('ignores the echo of the first signal, exits 1 on a later second signal', () => {
    const { shutdown, runs } = fakeShutdown();
    const exits: number[] = [];
    let t = 1_000_000;
    onStopSignals(shutdown, silentLogger, (c) => void exits.push(c), () => t);
    process.emit('SIGINT');
    t += 50;
    process.emit('SIGINT'); // npm forwarding the terminal's Ctrl-C
    expect(runs).toEqual(['SIGINT']);
    expect(exits).toEqual([]);
    t += REPEAT_MS;
    process.emit('SIGINT'); // the person pressing Ctrl-C again
    expect(exits).toEqual([1]);
  });

  it('a different signal during the shutdown exits at once', () => {
    const { shutdown } = fakeShutdown();
    const exits: number[] = [];
    onStopSignals(shutdown, silentLogger, (c) => void exits.push(c), () => 0);
    process.emit('SIGTERM');
    process.emit('SIGINT');
    expect(exits).toEqual([1]);
  });
});
