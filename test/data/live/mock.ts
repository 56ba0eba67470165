// Shared scaffolding for tests that fake upstreams with undici's MockAgent.
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { DataError } from '../../../src/core/errors.ts';

export interface Answer {
  statusCode: number;
  data?: string;
  headers?: Record<string, string>;
}

/**
 * A persistent interceptor on `origin` for every request whose path (without the query) is
 * `path`; answers from `answers` in turn (the last repeats, or a function of the full path).
 * `calls` counts upstream requests.
 */
export function script(agent: MockAgent, origin: string, path: string, ...answers: (Answer | ((fullPath: string) => Answer))[]) {
  const counter = { calls: 0, paths: [] as string[] };
  agent
    .get(origin)
    .intercept({ path: (p: string) => p.split('?')[0] === path })
    .reply((req) => {
      counter.paths.push(req.path);
      const pick = answers[Math.min(counter.calls++, answers.length - 1)]!;
      const a = typeof pick === 'function' ? pick(req.path) : pick;
      return { statusCode: a.statusCode, data: a.data ?? '', responseOptions: { headers: a.headers ?? {} } };
    })
    .persist();
  return counter;
}

/** A fresh MockAgent for each test of the enclosing block, with the network shut off and the agent closed after. */
export function mockAgentPerTest(): () => MockAgent {
  let agent: MockAgent | undefined;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(() => agent?.close());
  return () => agent!;
}

/** Fails the file if any promise rejection goes unhandled while its tests run. */
export function guardUnhandledRejections(): void {
  const seen: unknown[] = [];
  const listener = (e: unknown): void => void seen.push(e);
  beforeAll(() => void process.on('unhandledRejection', listener));
  afterAll(async () => {
    await new Promise((r) => setTimeout(r, 20));
    process.off('unhandledRejection', listener);
    expect(seen).toEqual([]);
  });
}

/** The DataError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function dataError(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}
