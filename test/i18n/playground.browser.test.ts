// The playground's own words in Korean, in Debian's Chromium against the real server, core and DEMO
// market: ?lang=ko opens it Korean, an answer in Korean keeps it so (with a Korean chart, saved under
// out/), and a lang=en ask turns the page English again.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, openPlayground, type OpenPlayground } from '../helpers/playgroundBrowser.ts';
import { englishWords } from './leaks.ts';

const OUT = join(process.cwd(), 'out', 'test-i18n');

describe.skipIf(!hasChromium())(`the playground in Korean (needs Debian's chromium at ${CHROMIUM})`, () => {
  let open: OpenPlayground;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    // the browser says English: ?lang=ko must win
    open = await openPlayground('stressbot-chromium-ko-', { locale: 'en-US', viewport: { width: 1280, height: 900 } });
    ({ base, page } = open);
  }, 60_000);

  afterAll(async () => {
    await open?.close();
  });

  it('opens in Korean with ?lang=ko, answers /kospi-stress lang=ko with a Korean chart, and follows lang=en back', async () => {
    await page.goto(`${base}/?lang=ko`);
    await page.locator('.chip').first().waitFor();
    expect(await page.locator('#send').textContent()).toBe('질문');
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.title()).toBe('stressbot 플레이그라운드');
    await expect.poll(() => page.locator('#digest h2').textContent(), { timeout: 15_000 }).toBe('다음 아침 브리핑');
    // The page's fixed words (chips are commands, the badge says DEMO): no English left.
    const fixed = [
      await page.locator('.welcome').textContent(), await page.locator('#argHint').textContent(), await page.locator('.top .hint').textContent(),
      await page.locator('.try-label').textContent(), await page.locator('#line').getAttribute('placeholder'), await page.locator('#data-badge').textContent(),
    ].join('\n');
    expect(englishWords(fixed), fixed).toEqual([]);

    const input = page.locator('#line');
    await input.fill('/kospi-stress lang=ko');
    await input.press('Enter');
    const card = page.locator('.msg.answer[data-command="kospi-stress"]');
    await expect.poll(() => card.locator('.title').textContent(), { timeout: 20_000 }).toMatch(/^코스피 스트레스 · \d{4}년/);
    expect(await card.locator('.pill').first().textContent()).toMatch(/^(안정|주의|경계|위험|데이터 없음)$/);
    expect(await card.locator('.tab-answer').textContent()).toBe('답변');
    expect(await card.locator('.sources .label').textContent()).toBe('출처 (기준일)');
    const img = card.locator('.chart img');
    await img.waitFor();
    await page.waitForFunction(() => {
      const i = (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }).document.querySelector('.msg.answer .chart img');
      return Boolean(i && i.complete && i.naturalWidth > 0);
    }, undefined, { timeout: 20_000 });
    expect(await img.getAttribute('alt')).toMatch(/코스피 스트레스/);
    mkdirSync(OUT, { recursive: true });
    await card.screenshot({ path: join(OUT, 'playground-kospi-stress-ko.png') });

    await input.fill('/vol-ratio lang=en');
    await input.press('Enter');
    await page.locator('.msg.answer[data-command="vol-ratio"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#send').textContent()).toBe('Ask');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(open.problems).toEqual([]);
  }, 90_000);
});
