// Layout and accessibility basics on a phone-sized viewport, plus screenshots
// at desktop size for a person to look at (tests/browser/screenshots/).

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SCREENSHOT_DIR, lazyEnv, once, shotName } from './helpers.mjs';

const PAGES = [
  ['public', '/'],
  ['public', '/en/'],
  ['public', '/articles/payments/'],
  ['public', '/articles/payments/refund/'],
  ['public', '/en/articles/payments/refund/'],
  ['public', '/articles/api/api-errors/'],
  ['public', '/404.html'],
  ['internal', '/runbooks/payments/card-declines/'],
  ['internal', '/'],
];

const MOBILE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

describe('layout', () => {
  const env = lazyEnv();
  after(env.teardown);

  for (const [siteName, urlPath] of PAGES) {
    describe(`${siteName} ${urlPath}`, () => {
      let context;
      let page;
      const requests = [];
      const badResponses = [];

      // Opened by the first test that needs it; a failure fails every test.
      const opened = once(async () => {
        const { browser, servers } = await env();
        context = await browser.newContext({ viewport: MOBILE });
        page = await context.newPage();
        page.on('request', (r) => requests.push(r.url()));
        page.on('requestfailed', (r) => badResponses.push(`${r.url()} failed: ${r.failure()?.errorText}`));
        page.on('response', (r) => {
          if (r.status() >= 400) badResponses.push(`${r.url()} -> HTTP ${r.status()}`);
        });
        const res = await page.goto(servers[siteName].url(urlPath), { waitUntil: 'load' });
        assert.equal(res.status(), 200, `GET ${urlPath} on the ${siteName} site`);
        await page.evaluate(() => document.fonts.ready);
      });
      after(() => context?.close());

      it('has no horizontal scroll at 360x740', async (t) => {
        await opened();
        const m = await page.evaluate((vw) => {
          const offenders = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (r.right > vw + 0.5 || r.left < -0.5) {
              // Report only the innermost overflowing elements.
              if (![...el.children].some((c) => c.getBoundingClientRect().right > vw + 0.5)) {
                const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '';
                offenders.push(`<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}> left=${Math.round(r.left)} right=${Math.round(r.right)} "${(el.textContent || '').trim().slice(0, 40)}"`);
              }
            }
          }
          return {
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            offenders: offenders.slice(0, 10),
          };
        }, MOBILE.width);
        t.diagnostic(`scrollWidth ${m.scrollWidth}, clientWidth ${m.clientWidth}`);
        assert.ok(
          m.scrollWidth <= MOBILE.width,
          `document.documentElement.scrollWidth = ${m.scrollWidth} > ${MOBILE.width}; ` +
            `overflowing elements:\n  ${m.offenders.join('\n  ')}`,
        );
      });

      it('declares the right <html lang>', async () => {
        await opened();
        const expected = urlPath.startsWith('/en/') ? 'en' : 'ru';
        assert.equal(await page.evaluate(() => document.documentElement.lang), expected);
      });

      it('has exactly one <main>, one banner <header> and one contentinfo <footer>', async () => {
        await opened();
        assert.equal(await page.locator('main').count(), 1, 'number of <main> elements');
        assert.equal(await page.getByRole('main').count(), 1, 'number of main landmarks');
        const banner = page.getByRole('banner');
        assert.equal(await banner.count(), 1, 'number of banner landmarks (page-level <header>)');
        assert.equal(await banner.evaluate((e) => e.tagName), 'HEADER');
        const footer = page.getByRole('contentinfo');
        assert.equal(await footer.count(), 1, 'number of contentinfo landmarks (page-level <footer>)');
        assert.equal(await footer.evaluate((e) => e.tagName), 'FOOTER');
      });

      it('has exactly one <h1>', async () => {
        await opened();
        const h1s = await page.locator('h1').allTextContents();
        assert.equal(h1s.length, 1, `<h1> elements: ${JSON.stringify(h1s)}`);
        assert.ok(h1s[0].trim().length > 0, 'the <h1> is not empty');
      });

      it('first Tab focuses a visible skip link to an existing #main', async () => {
        await opened();
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const a = document.activeElement;
          const r = a.getBoundingClientRect();
          return {
            tag: a.tagName,
            cls: a.className,
            href: a.getAttribute('href'),
            text: a.textContent.trim(),
            visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
          };
        });
        assert.equal(focused.tag, 'A', `first focused element: ${JSON.stringify(focused)}`);
        assert.match(focused.cls, /\bskip-link\b/, `first focused element: ${JSON.stringify(focused)}`);
        assert.equal(focused.href, '#main');
        assert.ok(focused.text.length > 0, 'skip link has text');
        assert.ok(focused.visible, `focused skip link is on screen: ${JSON.stringify(focused)}`);
        const target = await page.evaluate(() => document.getElementById('main')?.tagName ?? null);
        assert.equal(target, 'MAIN', 'the skip link target #main exists and is the <main>');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => location.hash === '#main');
        const moved = await page
          .waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 2000 })
          .then(() => true, () => false);
        const now = await page.evaluate(() => `<${document.activeElement?.tagName.toLowerCase()} id="${document.activeElement?.id}">`);
        assert.ok(moved, `activating the skip link moves focus to <main> (focus is on ${now})`);
      });

      it('saves screenshots (360x740 and 1280x800)', async () => {
        await opened();
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const base = path.join(SCREENSHOT_DIR, shotName(siteName, urlPath));
        await page.evaluate(() => { document.activeElement?.blur(); history.replaceState(null, '', location.pathname); window.scrollTo(0, 0); });
        await page.screenshot({ path: `${base}--360.png`, fullPage: true });
        await page.setViewportSize(DESKTOP);
        await page.screenshot({ path: `${base}--1280.png`, fullPage: true });
        for (const f of [`${base}--360.png`, `${base}--1280.png`]) {
          assert.ok(fs.statSync(f).size > 1000, `${f} was written`);
        }
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= DESKTOP.width, `scrollWidth at 1280px = ${wide}`);
      });

      it('loads every resource from 127.0.0.1 only, without errors', async () => {
        await opened();
        assert.ok(requests.length > 0, 'requests were recorded');
        const foreign = requests.filter((u) => {
          const url = new URL(u);
          if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
          return url.hostname !== '127.0.0.1';
        });
        assert.deepEqual(foreign, [], 'requests to hosts other than 127.0.0.1');
        assert.deepEqual(badResponses, [], 'failed or 4xx/5xx requests');
      });
    });
  }

  describe('static server', () => {
    it('answers an unknown URL with 404 and the site\'s 404 page', async () => {
      const { browser, servers, site } = await env();
      for (const siteName of ['public', 'internal']) {
        const page = await browser.newPage();
        try {
          const res = await page.goto(servers[siteName].url('/no/such/page/'));
          assert.equal(res.status(), 404, siteName);
          const expected = fs.readFileSync(path.join(site[siteName], '404.html'), 'utf8');
          const h1 = expected.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1];
          assert.ok(h1, '404.html has an <h1>');
          assert.equal((await page.locator('h1').textContent()).trim(), h1.trim());
          assert.match(res.headers()['content-type'], /^text\/html/);
          const css = await page.request.get(servers[siteName].url('/assets/style.css'));
          assert.match(css.headers()['content-type'], /^text\/css/);
        } finally {
          await page.close();
        }
      }
    });
  });
});
