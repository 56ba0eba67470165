// `npx tsx bench/botRss.ts [renders=1000]`: the whole bot process's memory (main thread, DEMO data and
// its render worker) across N renders through the render pool, as src/main.ts runs it. One JSON object.
import { pathToFileURL } from 'node:url';
import { createBotCore } from '../src/infra/process.ts';
import { silentLogger } from '../src/infra/log.ts';
import { createOps } from '../src/infra/ops.ts';
import { testConfig } from '../src/config.ts';
import { kospiStressSpec } from '../test/render/example-spec.ts';

const rssMb = (): number => Math.round(process.memoryUsage().rss / 1e6);

export async function benchBotRss(renders = 1000) {
  const config = testConfig();
  const ops = createOps(config, silentLogger);
  const core = createBotCore({ config, log: silentLogger, ...ops.core });
  const first = await core.ask('/kospi-stress');
  if (first.kind === 'answer') await core.charts(first.report);
  const rssMbReady = rssMb();
  let rssMbPeak = rssMbReady;
  for (let i = 0; i < renders; i++) {
    await ops.pool.render(kospiStressSpec(250, { width: 1000, height: 560 }));
    if (i % 25 === 0) rssMbPeak = Math.max(rssMbPeak, rssMb());
  }
  const rssMbAfter = rssMb();
  await ops.close();
  return { renders, rssMbReady, rssMbPeak: Math.max(rssMbPeak, rssMbAfter), rssMbAfter };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchBotRss(Number(process.argv[2] ?? 1000))));
}
