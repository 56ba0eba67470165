// The console adapter: a prompt where typed commands are answered, charts written under OUT_DIR.
import { createInterface } from 'node:readline';
import type { Core } from '../core/pipeline.ts';
import { outcomeText } from './format.ts';
import { writeCharts } from './answerFiles.ts';

export function startConsole(
  core: Core,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { input: process.stdin, output: process.stdout },
  opts: {
    /** Ctrl-C at the prompt: a terminal in raw mode sends no SIGINT, so the caller decides (main stops the bot). */
    interrupt?: () => void;
  } = {},
): { closed: Promise<void> } {
  const rl = createInterface({ input: io.input, output: io.output, terminal: Boolean((io.input as { isTTY?: boolean }).isTTY) });
  rl.on('SIGINT', () => (opts.interrupt ? opts.interrupt() : rl.close()));
  const say = (s: string) => io.output.write(`${s}\n`);
  say(`stressbot — ${core.market.demo ? 'DEMO data (synthetic market)' : `${core.market.kind} data`}. Type /help, /kospi-stress, or quit.`);
  rl.setPrompt('stressbot> ');
  rl.prompt();
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    // One answer at a time, in the order typed, even when lines arrive faster than answers.
    queue = queue.then(async () => {
      const text = line.trim();
      if (!text) return rl.prompt();
      if (text === 'exit' || text === 'quit') return void rl.close();
      // One tracked reply from the answer to its last chart file, so SIGTERM waits for all of it.
      await core.track(
        (async () => {
          // The person at the terminal is not rate-limited unless RATE_LIMIT_LOCAL says so.
          const outcome = await core.ask(text, core.config.RATE_LIMIT_LOCAL ? { user: 'console:local' } : {});
          say(outcomeText(outcome));
          if (outcome.kind === 'answer' && outcome.report.charts.length) {
            const files = await writeCharts(core, outcome.report, core.config.OUT_DIR).catch((err: unknown) => {
              core.log.error({ err }, 'could not write charts');
              return [];
            });
            for (const f of files) say(`  chart: ${f.file}`);
          }
        })(),
      );
      rl.prompt();
    });
  });
  const closed = new Promise<void>((resolve) => rl.on('close', () => void queue.then(() => resolve())));
  return { closed };
}
