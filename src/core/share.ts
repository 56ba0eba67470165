// Identical asks in flight at the same moment share one run: on a crash day a whole desk types
// /kospi-stress at once, and 200 copies of the same analytics would queue behind each other on one
// core. Only runs already in flight are shared (nothing is kept after they settle), so an answer is
// never older than the data it was computed from; personal commands (subscriptions) always run alone.
import type { ChartSpec, Command } from './types.ts';
import type { RenderFn } from './pipeline.ts';

/** `list` with each command's `run` shared between concurrent identical asks. Reports are shared: treat them as read-only. */
export function sharingCommands(list: readonly Command[]): Command[] {
  return list.map((command) => {
    const inflight = new Map<string, ReturnType<Command['run']>>();
    return {
      ...command,
      run(args, ctx) {
        if (command.personal?.(args)) return command.run(args, ctx);
        const key = JSON.stringify(args);
        let run = inflight.get(key);
        if (!run) {
          run = command.run(args, ctx).finally(() => inflight.delete(key));
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
