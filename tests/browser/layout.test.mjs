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

/** Where the page's `<h1>` text is (page coordinates) and its colour. */
function headingText() {
  const h1 = document.querySelector('h1');
  const range = document.createRange();
  range.selectNodeContents(h1);
  const r = range.getBoundingClientRect();
  return {
    box: { x: Math.round(r.left + scrollX), y: Math.round(r.top + scrollY), w: Math.round(r.width), h: Math.round(r.height) },
    color: getComputedStyle(h1).color,
    pageHeight: document.documentElement.scrollHeight,
  };
}

/**
 * Decodes the PNG `png` in a blank page of `context`: its size in pixels and the
 * share of pixels inside `heading.box` that have the heading's colour.
 */
async function pngFacts(context, png, heading) {
  const blank = await context.newPage();
  try {
    return await blank.evaluate(async ({ b64, heading }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const probe = new OffscreenCanvas(1, 1).getContext('2d');
      probe.fillStyle = heading.color;
      probe.fillRect(0, 0, 1, 1);
      const [cr, cg, cb] = probe.getImageData(0, 0, 1, 1).data;
      const { x, y, w, h } = heading.box;
      const d = g.getImageData(x, y, w, h).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - cr) + Math.abs(d[i + 1] - cg) + Math.abs(d[i + 2] - cb) < 60) n++;
      }
      return { width: img.width, height: img.height, ink: n / (w * h) };
    }, { b64: png.toString('base64'), heading });
  } finally {
    await blank.close();
  }
}

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

      it('saves screenshots (360x740 and 1280x800) that show the whole page and its heading', async () => {
        await opened();
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const base = path.join(SCREENSHOT_DIR, shotName(siteName, urlPath));
        await page.evaluate(() => { document.activeElement?.blur(); history.replaceState(null, '', location.pathname); window.scrollTo(0, 0); });
        for (const viewport of [MOBILE, DESKTOP]) {
          await page.setViewportSize(viewport);
          const file = `${base}--${viewport.width}.png`;
          const png = await page.screenshot({ path: file, fullPage: true });
          const heading = await page.evaluate(headingText);
          const shot = await pngFacts(context, png, heading);
          // The same picture with the heading hidden: what its box shows without it.
          await page.evaluate(() => { document.querySelector('h1').style.visibility = 'hidden'; });
          const without = await pngFacts(context, await page.screenshot({ fullPage: true }), heading);
          await page.evaluate(() => { document.querySelector('h1').style.visibility = ''; });
          const at = `${file}: ${JSON.stringify({ ...heading, shot, without })}`;
          assert.equal(shot.width, viewport.width, `the screenshot is as wide as the viewport; ${at}`);
          assert.equal(shot.height, Math.max(heading.pageHeight, viewport.height), `the screenshot holds the whole page; ${at}`);
          assert.ok(heading.box.w > 0 && heading.box.h > 0, `the <h1> has text; ${at}`);
          // The heading is drawn: its text box holds glyph pixels in its colour, and
          // they are the heading's (gone when it is hidden).
          assert.ok(shot.ink > 0.03 && shot.ink < 0.8, `share of <h1>-coloured pixels in its text box; ${at}`);
          assert.ok(without.ink < shot.ink / 4, `the <h1>-coloured pixels go with the heading; ${at}`);
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
