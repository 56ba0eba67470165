// The router over the real registry, as the tests of single commands call it (src/ passes its list
// explicitly; tests of one command only ever mean the registry's).
import type { Command, Context } from '../../src/core/types.ts';
import { commands } from '../../src/commands/registry.ts';
import * as router from '../../src/core/router.ts';

export { commands };
export type { Outcome } from '../../src/core/router.ts';

export const parseLine = (line: string, list: readonly Command[] = commands): router.Parsed => router.parseLine(line, list);

export const answer = (line: string, ctx: Context, options: Partial<router.AnswerOptions> = {}): Promise<router.Outcome> =>
  router.answer(line, ctx, { commands, ...options });
