// The playground in a real browser: Debian's Chromium driven by playwright-core against the real HTTP
// server, core, registry, DEMO market and renderer on 127.0.0.1. Saves playground.png (docs/ with npm run docs:screenshots).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../../src/infra/process.ts';
import type { Core } from '../../../src/core/pipeline.ts';
import { createHttpServer, type HttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { reportBlocks } from '../../../src/bot/slack/blocks.ts';
import { TONE_COLOR } from '../../../src/bot/discord/embed.ts';
import { mountPlayground } from '../../../src/bot/web/index.ts';
import { testConfig } from '../../../src/config.ts';
import { demoMarket } from '../../../src/data/demo.ts';
import { previousKrxSession } from '../../../src/data/calendar.ts';
import { renderChart } from '../../../src/render/chart.ts';
import { screenshotPath } from '../../helpers/screenshots.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = screenshotPath('playground.png');
const REASON = `needs Debian's chromium at ${CHROMIUM} (apt install chromium; .ci/run does)`;

/** The project compiles without the DOM library; these are the few browser shapes the test reads. */
interface Img { complete: boolean; naturalWidth: number }
type Doc = { querySelectorAll(selector: string): ArrayLike<Img> };

/** Waits until every image matching `selector` (at least one) has loaded with a real size. */
function imagesLoaded(page: Page, selector: string) {
  return page.waitForFunction(
    (sel) => {
      const imgs = Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll(sel));
      return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    },
    selector,
    { timeout: 10_000 },
  );
}

describe.skipIf(!existsSync(CHROMIUM))(`web playground in Chromium (${REASON})`, () => {
  let http: HttpServer;
  let core: Core;
  let base: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const outside: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    core = createBotCore({ config: testConfig(), log: silentLogger, market: demoMarket(), render: renderChart });
    http = createHttpServer(silentLogger);
    mountPlayground(http, core);
    const { port } = await http.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;

    profile = mkdtempSync(join(tmpdir(), 'stressbot-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    // Anything the page asks of another origin (a CDN, a web font) is refused and remembered.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${base}/`)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    await http?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('answers /kospi-stress with its chart, previews Block Kit, says a usage error in one line', async () => {
    await page.goto(`${base}/`);
    await page.locator('.chip').first().waitFor();

    // Autocomplete from the registry: "/kos" offers /kospi-stress, Tab takes it, the hint shows its arguments.
    const input = page.locator('#line');
    await input.click();
    await input.pressSequentially('/kos');
    await expect.poll(() => page.locator('#suggest .option code').allTextContents()).toContain('/kospi-stress');
    await input.press('Tab');
    expect(await input.inputValue()).toBe('/kospi-stress ');
    expect(await page.locator('#argHint').textContent()).toMatch(/window.*asof|asof.*window/);
    await input.press('Enter');

    const card = page.locator('.msg.answer[data-command="kospi-stress"]');
    await expect.poll(() => card.locator('.headline').textContent(), { timeout: 10_000 }).toMatch(/KOSPI stress \d+\/100/);
    await imagesLoaded(page, '.msg.answer[data-command="kospi-stress"] .chart img');
    expect(await card.locator('.chart img').evaluate((img) => (img as unknown as Img).naturalWidth)).toBeGreaterThanOrEqual(1000);
    expect(await card.locator('.field').count()).toBeGreaterThan(3);
    expect(await card.locator('.field.tone-extreme, .field.tone-high, .field.tone-elevated, .field.tone-calm').count()).toBeGreaterThan(0);
    expect(await card.locator('.sources').textContent()).toContain('KOSPI');

    // The Slack switch shows the Block Kit the adapter's own code builds.
    await card.locator('.tab-slack').click();
    const json = card.locator('.view-slack pre.json');
    await json.waitFor();
    expect(await card.locator('.view-answer').isHidden()).toBe(true);
    const shown = JSON.parse((await json.textContent()) ?? '') as unknown;
    const direct = await core.ask('/kospi-stress');
    if (direct.kind !== 'answer') throw new Error(direct.message);
    expect(shown).toEqual(JSON.parse(JSON.stringify(reportBlocks(direct.report))));
    expect(await json.textContent()).toContain('"type": "header"');
    await card.locator('.tab-discord').click();
    const embed = JSON.parse((await card.locator('.view-discord pre.json').textContent()) ?? '') as { embeds: { title: string; color: number }[] };
    expect(embed.embeds[0]!.title).toBe(direct.report.title);
    expect(embed.embeds[0]!.color).toBe(TONE_COLOR[direct.report.tone]);
    await card.locator('.tab-answer').click();

    // A bad argument: the router's one-line usage error with an example.
    await input.fill('/kospi-stress window=abc');
    await input.press('Enter');
    const usage = page.locator('.msg.outcome-usage .text');
    await usage.waitFor();
    const text = (await usage.textContent()) ?? '';
    expect(text).toMatch(/^\/kospi-stress: window=abc .+ Example: \/kospi-stress/);
    expect(text).not.toContain('\n');

    // The digest panel: the next run with its offset, and the digest itself.
    await expect.poll(() => page.locator('#digest .schedule strong').textContent(), { timeout: 10_000 }).toMatch(/\d{4}-\d{2}-\d{2} 08:30 \+09:00$/);
    await page.locator('#digest .digest-card .headline').waitFor();
    await imagesLoaded(page, 'img');

    // For the README: the argument hint of a half-typed command, with the answer above.
    await input.fill('/gamma move=-3 ');
    await input.blur();
    await page.locator('#suggest').waitFor({ state: 'hidden' });
    // A viewport as tall as the page, so the sticky composer rests below the conversation.
    const height = await page.evaluate(() => (globalThis as unknown as { document: { body: { scrollHeight: number } } }).document.body.scrollHeight);
    await page.setViewportSize({ width: 1280, height: Math.min(height, 2400) });
    await page.screenshot({ path: SCREENSHOT });

    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  }, 20_000);

  it('steers an answer with its follow-up buttons and select, through the page\'s JSON API', async () => {
    await page.goto(`${base}/`);
    await page.locator('.chip').first().waitFor();
    const input = page.locator('#line');
    await input.fill('/kospi-stress');
    await input.press('Enter');
    const cards = page.locator('.msg.answer[data-command="kospi-stress"]');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(1);
    const first = cards.first();
    const latest = (await demoMarket().series('KOSPI')).points.at(-1)!.date;
    expect(await first.locator('.sources').textContent()).toContain(latest);

    await first.locator('button.follow-up[data-action="prev"]').click();
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(2);
    const prevDate = previousKrxSession(latest);
    expect(await cards.nth(1).locator('.sources').textContent()).toContain(prevDate);
    expect(await page.locator('.msg.user code').last().textContent()).toBe(`/kospi-stress asof=${prevDate}`);

    await cards.nth(1).locator('select.follow-up[data-action="set:window"]').selectOption({ label: 'window=60' });
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(3);
    expect(await page.locator('.msg.user code').last().textContent()).toBe(`/kospi-stress asof=${prevDate} window=60`);
    expect(problems).toEqual([]);
  });

  it('builds a command in the "build a command" panel from the schemas and asks it through /api/ask', async () => {
    await page.goto(`${base}/`);
    await page.locator('#build-command option').first().waitFor({ state: 'attached' });
    await page.locator('#build-command').selectOption('corr');
    // The same inputs as Slack's modal: a number with the schema's bounds, a select of the choices, a date picker.
    const window = page.locator('#build-fields input[data-arg="window"]');
    expect(await window.getAttribute('type')).toBe('number');
    expect([await window.getAttribute('min'), await window.getAttribute('max')]).toEqual(['10', '500']);
    expect(await page.locator('#build-fields select[data-arg="vs"] option').allTextContents()).toEqual(['—', 'NDX', 'SOX']);
    expect(await page.locator('#build-fields input[data-arg="asof"]').getAttribute('type')).toBe('date');

    await window.fill('60');
    await page.locator('#build-fields select[data-arg="vs"]').selectOption('SOX');
    await page.locator('#build-fields input[data-arg="asof"]').fill('2024-08-05');
    expect(await page.locator('#build-line').textContent()).toBe('/corr window=60 vs=SOX asof=2024-08-05');
    const asked = page.waitForRequest((r) => r.url().endsWith('/api/ask') && r.method() === 'POST');
    await page.locator('#build-submit').click();
    expect((await asked).postDataJSON()).toEqual({ line: '/corr window=60 vs=SOX asof=2024-08-05' });
    const card = page.locator('.msg.answer[data-command="corr"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.sources').textContent()).toContain('2024-08-05');
    expect(await page.locator('.msg.user code').last().textContent()).toBe('/corr window=60 vs=SOX asof=2024-08-05');

    // In Korean: the panel's own words, and the commands' Korean descriptions.
    await page.goto(`${base}/?lang=ko`);
    await expect.poll(() => page.locator('#builder-title').textContent()).toBe('명령어 만들기');
    expect(await page.locator('#build-submit').textContent()).toBe('질문');
    expect(await page.locator('#build-line-label').textContent()).toBe('보낼 명령');
    expect(await page.locator('#build-summary').textContent()).toMatch(/코스피/);
    expect(problems).toEqual([]);
  }, 20_000);
});
