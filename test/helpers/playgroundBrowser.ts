// The playground behind a real HTTP server (core, registry, DEMO market, renderer on 127.0.0.1) in
// Debian's Chromium via playwright-core, any other origin refused: what the browser tests share.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createBotCore } from '../../src/infra/process.ts';
import { createHttpServer, type HttpServer } from '../../src/infra/http.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { mountPlayground } from '../../src/bot/web/index.ts';
import { testConfig } from '../../src/config.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { renderChart } from '../../src/render/chart.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

export interface OpenPlayground {
  base: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page. */
  problems: string[];
  close(): Promise<void>;
}

/** Starts the playground on a random port and opens a headless Chromium with `browser` options (viewport, locale, touch…). */
export async function openPlayground(profilePrefix: string, browser: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<OpenPlayground> {
  const core = createBotCore({ config: testConfig(), log: silentLogger, market: demoMarket(), render: renderChart });
  const http: HttpServer = createHttpServer(silentLogger);
  mountPlayground(http, core);
  const { port } = await http.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    ...browser,
  });
  await context.route('**/*', (route) => (route.request().url().startsWith(`${base}/`) ? route.continue() : route.abort()));
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  return {
    base, context, page, problems,
    async close() {
      await context.close();
      await http.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
