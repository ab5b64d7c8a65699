// Canned-reply cards on the internal site: the copy button puts the reply on
// the clipboard and says so.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lazyEnv } from './helpers.mjs';

const PAGES = ['/articles/account/reset-password/', '/runbooks/payments/card-declines/'];
const COPIED = { ru: 'Скопировано', en: 'Copied' };

describe('copy reply', () => {
  const env = lazyEnv();
  after(env.teardown);

  for (const urlPath of PAGES) {
    it(`internal ${urlPath}: the first [data-copy] button copies its .reply-text`, async (t) => {
      const { browser, servers } = await env();
      const origin = servers.internal.origin;
      const context = await browser.newContext();
      try {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
        const page = await context.newPage();
        await page.clock.install(); // lets the test run the 2 s "copied" timer without waiting
        const res = await page.goto(servers.internal.url(urlPath), { waitUntil: 'load' });
        assert.equal(res.status(), 200, `GET ${urlPath}`);
        assert.equal(await page.evaluate(() => window.isSecureContext), true, 'http://127.0.0.1 is a secure context');

        const button = page.locator('[data-copy]').first();
        assert.ok((await page.locator('[data-copy]').count()) >= 1, `${urlPath} has a [data-copy] button`);
        assert.ok(await button.isVisible(), 'the copy button is visible');
        const card = await button.evaluate((b) => {
          const c = b.closest('.reply');
          return c && { text: c.querySelector('.reply-text')?.textContent ?? null, label: b.textContent, tag: b.tagName, type: b.getAttribute('type') };
        });
        assert.ok(card, 'the button is inside a .reply card');
        assert.ok(card.text && card.text.trim().length > 20, 'the card has a non-empty .reply-text');
        assert.equal(card.tag, 'BUTTON');
        assert.equal(card.type, 'button');

        // Make sure the clipboard starts with something else.
        await page.evaluate(() => navigator.clipboard.writeText('-- clipboard before the click --'));

        await button.click();
        const lang = await page.evaluate(() => document.documentElement.lang);
        const copied = COPIED[lang];
        assert.ok(copied, `known "copied" label for lang ${lang}`);
        await page.waitForFunction(
          ([el, label]) => el.textContent === label,
          [await button.elementHandle(), copied],
          { timeout: 5000 },
        ).catch(async () => {
          assert.fail(`button text is ${JSON.stringify(await button.textContent())}, expected ${JSON.stringify(copied)}`);
        });
        assert.equal(await button.getAttribute('data-copied'), 'true');

        const clip = await page.evaluate(() => navigator.clipboard.readText());
        t.diagnostic(`copied ${clip.length} chars: ${JSON.stringify(clip.slice(0, 50))}…`);
        assert.equal(clip, card.text, 'clipboard equals the card .reply-text textContent');

        // The label returns after the 2 s timeout.
        await page.clock.runFor(2100);
        assert.equal(await button.textContent(), card.label, 'the button label is restored after 2 s');
      } finally {
        await context.close();
      }
    });
  }
});
