// The playground on a phone (390×844, touch, Debian's Chromium via playwright-core): after each ask the
// answer's headline and the input stay on screen, and the suggestions open on screen. Saves
// playground-phone.png (an answer with the composer) and playground-phone-suggest.png (docs/ with npm run docs:screenshots).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath } from '../../helpers/screenshots.ts';
import { CHROMIUM, hasChromium, openPlayground, type OpenPlayground } from '../../helpers/playgroundBrowser.ts';

const PHONE = { width: 390, height: 844 };
const ANSWER_SHOT = screenshotPath('playground-phone.png');
const SUGGEST_SHOT = screenshotPath('playground-phone-suggest.png');

/** The element's box lies within the phone's screen (a few px of slack for borders and shadows). */
async function onScreen(el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  return box !== null && box.y >= -2 && box.y + box.height <= PHONE.height + 2 && box.x >= -2 && box.x + box.width <= PHONE.width + 2;
}

describe.skipIf(!hasChromium())(`playground on a phone (needs Debian's chromium at ${CHROMIUM})`, () => {
  let open: OpenPlayground;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    open = await openPlayground('stressbot-phone-', { viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    ({ base, page } = open);
  });

  afterAll(async () => {
    await open?.close();
  });

  it('keeps the answer and the input in view after each ask, and opens the suggestions on screen', async () => {
    await page.goto(`${base}/`);
    await page.locator('.chip').first().waitFor();
    const input = page.locator('#line');

    // An empty conversation puts the input near the top: the list opens below it, on screen.
    await input.tap();
    await input.pressSequentially('/');
    const list = page.locator('#suggest');
    await expect.poll(() => page.locator('#suggest .option').count()).toBeGreaterThan(3);
    expect(await onScreen(list)).toBe(true);
    await page.screenshot({ path: SUGGEST_SHOT });

    for (const line of ['/kospi-stress', '/gamma move=-3', '/corr']) {
      await input.fill(line);
      await input.press('Enter');
      const command = line.slice(1).split(' ')[0];
      const card = page.locator(`.msg.answer[data-command="${command}"]`).last();
      await expect.poll(() => card.locator('.headline').count(), { timeout: 15_000 }).toBe(1);
      await card.locator('.chart img').first().waitFor();
      // the answer's headline and the input, not the digest panel below the conversation
      await expect.poll(() => onScreen(card.locator('.headline')), { timeout: 5_000 }).toBe(true);
      expect(await onScreen(input)).toBe(true);
      expect(await onScreen(page.locator('#digest'))).toBe(false);
    }
    // Typing again with a conversation above: the list still opens on screen.
    await input.fill('');
    await input.pressSequentially('/ga');
    await expect.poll(() => page.locator('#suggest .option').count()).toBeGreaterThan(0);
    expect(await onScreen(list)).toBe(true);
    await input.fill('');
    await input.blur();
    await page.locator('#suggest').waitFor({ state: 'hidden' });
    await page.screenshot({ path: ANSWER_SHOT });
    expect(open.problems).toEqual([]);
  }, 60_000);
});
