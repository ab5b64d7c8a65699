// How the default theme looks at 360 px (phone) and 1280 px (desktop), issue 16
// "The first hour": for each point a full-page screenshot is written to
// screenshots/looks--<point>--<width>.png and the geometry that makes it right is
// asserted in headless Chromium:
//  - the status banner lists every open incident and maintenance starting soon,
//    one line each, with air between it and the header (built HTML and live);
//  - the first heading of /search/, /status/ and an incident page sits well under
//    the header;
//  - search placeholders fit their input;
//  - contact buttons are even (same height, aligned);
//  - uptime bars are wide enough to see and tap on a phone;
//  - task-list checkboxes are large and in the accent colour, not default grey;
//  - the internal incident page's note and runbook boxes have no empty band;
//  - no page scrolls sideways at 360 px;
//  - the `frontline serve` error overlay is an opaque, readable, scrollable,
//    dismissable sheet at the top.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { BUILD_NOW, contrast, DEMO_ROOT, freePort, frontlineBin, lazyEnv, parseColor, SCREENSHOT_DIR } from './helpers.mjs';

const WIDTHS = [360, 1280];
const HEIGHT = { 360: 740, 1280: 800 };
const INCIDENT = { title: 'Сбои при оплате картой', url: '/status/incidents/2026-11-23-card-payments/', status: 'Причина найдена' };
const MAINTENANCE = { title: 'Плановые работы с базой данных API', url: '/status/incidents/2026-11-28-db-maintenance/' };
const PAGES = [
  ['public', '/'],
  ['public', '/articles/payments/refund/'],
  ['public', '/articles/account/reset-password/'],
  ['public', '/search/'],
  ['public', '/search/?q=возврат'],
  ['public', '/status/'],
  ['public', INCIDENT.url],
  ['internal', INCIDENT.url],
  ['internal', '/runbooks/payments/card-declines/'],
];

/**
 * Collects every failed check of one test and fails the test with all of them
 * (not only the first), so a run names everything that is wrong.
 */
function checks() {
  const failed = [];
  return {
    ok(cond, msg) { if (!cond) failed.push(msg); },
    equal(a, b, msg) { if (a !== b) failed.push(`${msg}: ${JSON.stringify(a)} !== ${JSON.stringify(b)}`); },
    done() { assert.ok(failed.length === 0, `${failed.length} check(s) failed:\n  - ${failed.join('\n  - ')}`); },
  };
}

async function screenshot(page, name, width) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `looks--${name}--${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(fs.statSync(file).size > 1000, `${file} was written`);
}

/** In the page: bottom edge of the page header. */
const headerBottom = () => document.querySelector('body > header').getBoundingClientRect().bottom;

describe('looks (issue 16) at 360 and 1280 px', () => {
  const env = lazyEnv();
  after(env.teardown);

  /** Opens a page at `width`; the caller closes `page.context()`. */
  async function open(siteName, urlPath, width, { js = true } = {}) {
    const { browser, servers } = await env();
    const context = await browser.newContext({ viewport: { width, height: HEIGHT[width] }, javaScriptEnabled: js });
    const page = await context.newPage();
    // The browser's clock at the build time: status-live.js sees the data as the build did.
    await page.clock.setFixedTime(new Date(BUILD_NOW));
    const res = await page.goto(servers[siteName].url(urlPath), { waitUntil: 'load' });
    assert.equal(res.status(), 200, `GET ${urlPath} on the ${siteName} site`);
    await page.evaluate(() => document.fonts.ready);
    return page;
  }

  async function withPage(siteName, urlPath, width, opts, fn) {
    const page = await open(siteName, urlPath, width, opts);
    try {
      return await fn(page);
    } finally {
      await page.context().close();
    }
  }

  for (const width of WIDTHS) {
    for (const [urlPath, js] of [['/', true], ['/articles/payments/refund/', true], ['/articles/payments/refund/', false]]) {
      it(`${width}px ${urlPath} (${js ? 'live' : 'as built'}): the banner lists the open incident and the maintenance soon, one line each, clear of the header`, async () => {
        await withPage('public', urlPath, width, { js }, async (page) => {
          const c = checks();
          if (js) {
            // status-live.js has read summary.json and (re)drawn the banner.
            await page.waitForLoadState('networkidle');
          }
          await screenshot(page, `banner-${js ? 'live' : 'built'}-${urlPath === '/' ? 'home' : 'article'}`, width);
          const m = await page.evaluate((hb) => {
            const b = document.querySelector('[data-status-banner] .status-banner');
            if (!b) return null;
            const items = [...b.querySelectorAll('li')].map((li) => {
              const cs = getComputedStyle(li);
              const a = li.querySelector('a');
              return {
                text: li.textContent.replace(/\s+/g, ' ').trim(),
                href: a && new URL(a.href).pathname,
                height: li.getBoundingClientRect().height,
                line: parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.2,
                right: li.getBoundingClientRect().right,
                overflowing: li.scrollWidth > li.clientWidth + 1 && cs.textOverflow !== 'ellipsis' &&
                  ![...li.querySelectorAll('*')].some((e) => getComputedStyle(e).textOverflow === 'ellipsis'),
              };
            });
            return { gap: b.getBoundingClientRect().top - hb, items, right: b.getBoundingClientRect().right };
          }, await page.evaluate(headerBottom));
          assert.ok(m, 'a status banner is shown');
          c.ok(m.gap >= 8, `banner top − header bottom = ${m.gap.toFixed(1)} px (want >= 8)`);
          const inc = m.items.find((i) => i.href === INCIDENT.url);
          const maint = m.items.find((i) => i.href === MAINTENANCE.url);
          c.equal(m.items.length, 2, `banner items: ${JSON.stringify(m.items.map((i) => i.text))}`);
          c.ok(inc && inc.text.includes(INCIDENT.title) && inc.text.includes(INCIDENT.status), `incident item with title and status: ${JSON.stringify(inc)}`);
          c.ok(maint && maint.text.includes(MAINTENANCE.title) && /28/.test(maint.text), `maintenance item with title and day: ${JSON.stringify(maint)}`);
          for (const i of m.items) {
            c.ok(i.height < i.line * 1.6, `"${i.text}" is one line: ${i.height.toFixed(1)} px for a ${i.line.toFixed(1)} px line`);
            c.ok(!i.overflowing && i.right <= width, `"${i.text}" fits the banner (right ${i.right.toFixed(0)})`);
          }
          c.ok(m.right <= width, `banner right edge ${m.right} within ${width}`);
          c.done();
        });
      });
    }

    for (const [siteName, urlPath, name] of [['public', '/search/', 'search'], ['public', '/status/', 'status'], ['public', INCIDENT.url, 'incident']]) {
      it(`${width}px ${urlPath}: the first content and the <h1> sit >= 16 px under the header`, async () => {
        await withPage(siteName, urlPath, width, {}, async (page) => {
          const c = checks();
          await screenshot(page, `heading-${name}`, width);
          const m = await page.evaluate((hb) => {
            const first = [...document.querySelectorAll('main *')].find((e) => {
              const r = e.getBoundingClientRect();
              return r.height > 0 && e.textContent.trim() && getComputedStyle(e).visibility !== 'hidden';
            });
            return {
              h1: document.querySelector('main h1').getBoundingClientRect().top - hb,
              first: first.getBoundingClientRect().top - hb,
              firstTag: first.tagName,
            };
          }, await page.evaluate(headerBottom));
          c.ok(m.first >= 16, `first content <${m.firstTag}> top − header bottom = ${m.first.toFixed(1)} px (want >= 16)`);
          c.ok(m.h1 >= 16, `h1 top − header bottom = ${m.h1.toFixed(1)} px (want >= 16)`);
          c.done();
        });
      });
    }

    for (const [urlPath, sel] of [['/', '#q'], ['/articles/payments/refund/', '#q-top'], ['/search/', '#q']]) {
      it(`${width}px ${urlPath}: the placeholder of ${sel} fits the input`, async () => {
        await withPage('public', urlPath, width, {}, async (page) => {
          const c = checks();
          await screenshot(page, `placeholder-${urlPath === '/' ? 'home' : urlPath.split('/')[1]}`, width);
          // The placeholder typed in as the value: Chromium keeps room for the clear
          // button of a search input, so the text's own width is not enough to know.
          const m = await page.evaluate((s) => {
            const el = document.querySelector(s);
            const cs = getComputedStyle(el, '::placeholder');
            const text = el.placeholder;
            el.value = text;
            const r = { text, scroll: el.scrollWidth, client: el.clientWidth, font: cs.fontSize, input: getComputedStyle(el).fontSize };
            el.value = '';
            return r;
          }, sel);
          assert.ok(m.text.length > 0, 'the input has a placeholder');
          c.ok(m.scroll <= m.client, `placeholder "${m.text}" needs ${m.scroll} px, the input shows ${m.client} px`);
          c.ok(parseFloat(m.font) >= parseFloat(m.input), `placeholder font ${m.font} is the input's (${m.input})`);
          c.done();
        });
      });
    }

    it(`${width}px: contact buttons are the same height and aligned`, async () => {
      await withPage('public', '/articles/payments/refund/', width, {}, async (page) => {
        const c = checks();
        await page.locator('.contact').scrollIntoViewIfNeeded();
        await screenshot(page, 'contact', width);
        const rects = await page.$$eval('.contact-links .button', (els) => els.map((e) => {
          const r = e.getBoundingClientRect();
          return { top: r.top, left: r.left, width: r.width, height: r.height, text: e.textContent.trim() };
        }));
        assert.ok(rects.length >= 2, `contact buttons: ${rects.length}`);
        const spread = (k) => Math.max(...rects.map((r) => r[k])) - Math.min(...rects.map((r) => r[k]));
        c.ok(spread('height') <= 1, `button heights ${rects.map((r) => `${r.text}: ${r.height.toFixed(1)}`).join(', ')}`);
        const rows = new Set(rects.map((r) => Math.round(r.top)));
        // Either one row (same top) or one column (same left and width); a grid is fine too if every row is full width.
        const oneRow = spread('top') <= 1;
        const oneColumn = spread('left') <= 1 && spread('width') <= 1;
        const grid = spread('width') <= 1 && rows.size > 1;
        c.ok(oneRow || oneColumn || grid, `buttons aligned: ${JSON.stringify(rects)}`);
        for (const r of rects) c.ok(r.left >= 0 && r.left + r.width <= width, `"${r.text}" within the viewport`);
        c.done();
      });
    });

    it(`${width}px /status/: uptime bars are >= 6 px wide, or the strip scrolls inside its box`, async () => {
      await withPage('public', '/status/', width, {}, async (page) => {
        const c = checks();
        await screenshot(page, 'uptime', width);
        const strips = await page.$$eval('.uptime-bars', (ols) => ols.map((ol) => {
          const bars = [...ol.children].filter((b) => b.getBoundingClientRect().width > 0);
          const cs = getComputedStyle(ol);
          const r = ol.getBoundingClientRect();
          return {
            total: ol.children.length,
            shown: bars.length,
            narrowest: Math.min(...bars.map((b) => b.getBoundingClientRect().width)),
            scrolls: ol.scrollWidth > ol.clientWidth && /auto|scroll/.test(cs.overflowX),
            left: r.left,
            right: r.right,
          };
        }));
        assert.ok(strips.length > 0, 'uptime strips on /status/');
        for (const s of strips) {
          c.ok(s.shown >= 7, `at least a week of bars shown (${s.shown} of ${s.total})`);
          c.ok(s.narrowest >= 6 || s.scrolls, `bars ${s.narrowest.toFixed(1)} px wide (want >= 6 px or a scrolling strip), ${s.shown} of ${s.total} shown`);
          c.ok(s.left >= 0 && s.right <= width, `strip within the viewport (${s.left}..${s.right})`);
        }
        c.done();
      });
    });

    it(`${width}px: task-list checkboxes are >= 16 px and in the accent colour`, async () => {
      await withPage('public', '/articles/account/reset-password/', width, {}, async (page) => {
        const c = checks();
        const boxes = page.locator('.prose input[type=checkbox]');
        assert.ok((await boxes.count()) > 0, 'the article has a task list');
        await boxes.first().scrollIntoViewIfNeeded();
        await screenshot(page, 'tasklist', width);
        const m = await boxes.evaluateAll((els) => els.map((e) => {
          const cs = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          const li = e.closest('li');
          const text = document.createRange();
          text.selectNodeContents(li);
          const lineTop = [...text.getClientRects()].filter((x) => x.width > 0 && x.left > r.right)[0];
          return {
            w: r.width, h: r.height, checked: e.checked, disabled: e.disabled, appearance: cs.appearance,
            accent: cs.accentColor, bg: cs.backgroundColor, border: cs.borderTopColor,
            // Vertical centre of the box against the centre of its first line of text.
            offset: lineTop ? (r.top + r.height / 2) - (lineTop.top + lineTop.height / 2) : 0,
          };
        }));
        const chroma = (css) => { const [r, g, b] = parseColor(css); return Math.max(r, g, b) - Math.min(r, g, b); };
        for (const b of m) {
          c.ok(b.w >= 16 && b.h >= 16, `checkbox ${b.w.toFixed(1)}×${b.h.toFixed(1)} px (want >= 16)`);
          // The colour the box is painted with: its own background/border when the
          // native look is off, else the accent colour (a disabled native box is grey).
          const paint = b.appearance === 'none' ? (b.checked ? b.bg : b.border) : (b.disabled || b.accent === 'auto' ? 'rgb(128, 128, 128)' : b.accent);
          c.ok(chroma(paint) >= 40, `checkbox (${b.checked ? 'checked' : 'unchecked'}) painted in ${paint}, not grey (appearance ${b.appearance}, accent ${b.accent}, disabled ${b.disabled})`);
          c.ok(Math.abs(b.offset) <= 4, `checkbox centred on its line (off by ${b.offset.toFixed(1)} px)`);
        }
        c.done();
      });
    });

    it(`${width}px internal incident page: the note and runbook boxes have no empty band`, async () => {
      await withPage('internal', INCIDENT.url, width, {}, async (page) => {
        const c = checks();
        await screenshot(page, 'runbook-box', width);
        const boxes = await page.$$eval('.incident .internal-note', (els) => els.map((box) => {
          const cs = getComputedStyle(box);
          const r = box.getBoundingClientRect();
          const inner = {
            top: r.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop),
            bottom: r.bottom - parseFloat(cs.borderBottomWidth) - parseFloat(cs.paddingBottom),
          };
          const kids = [...box.children].map((c) => ({ tag: c.tagName, r: c.getBoundingClientRect(), text: c.textContent.trim() }));
          const shown = kids.filter((k) => k.r.height > 0);
          const empty = shown.filter((k) => !k.text && k.r.height > 4).map((k) => `<${k.tag}> ${k.r.height.toFixed(0)} px`);
          return {
            label: box.getAttribute('aria-label') || box.querySelector('h2')?.textContent,
            top: Math.min(...shown.map((k) => k.r.top)) - inner.top,
            bottom: inner.bottom - Math.max(...shown.map((k) => k.r.bottom)),
            empty,
          };
        }));
        assert.ok(boxes.length >= 2, `internal note and runbook boxes: ${boxes.length}`);
        for (const b of boxes) {
          c.ok(b.empty.length === 0, `${b.label}: empty children ${b.empty.join(', ')}`);
          c.ok(b.top <= 6, `${b.label}: ${b.top.toFixed(1)} px of nothing above the first line (want <= 6)`);
          c.ok(b.bottom <= 6, `${b.label}: ${b.bottom.toFixed(1)} px of nothing under the last line (want <= 6)`);
        }
        c.done();
      });
    });
  }

  for (const [siteName, urlPath] of PAGES) {
    it(`360px ${siteName} ${urlPath}: no sideways scroll; screenshots at 360 and 1280`, async () => {
      await withPage(siteName, urlPath, 360, {}, async (page) => {
        const c = checks();
        if (urlPath.includes('?q=')) await page.waitForSelector('.search-result', { timeout: 15_000 });
        const name = `page-${siteName}-${urlPath.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}`;
        await screenshot(page, name, 360);
        const sw = await page.evaluate(() => document.documentElement.scrollWidth);
        await page.setViewportSize({ width: 1280, height: HEIGHT[1280] });
        await screenshot(page, name, 1280);
        c.ok(sw <= 360, `scrollWidth at 360 px = ${sw}`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        c.ok(wide <= 1280, `scrollWidth at 1280 px = ${wide}`);
        c.done();
      });
    });
  }
});

describe('looks (issue 16): the serve error overlay', () => {
  let proc;
  let origin;
  let root;
  let browser;
  const started = (async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-looks-serve-'));
    process.once('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
    root = path.join(tmp, 'site');
    fs.cpSync(DEMO_ROOT, root, { recursive: true });
    const port = await freePort();
    proc = spawn(frontlineBin(), ['--root', root, 'serve', '--port', String(port), '--now', '2026-11-23T12:00:00+03:00'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const rl = readline.createInterface({ input: proc.stdout });
    const first = await new Promise((resolve, reject) => {
      rl.once('line', resolve);
      proc.once('exit', (code) => reject(new Error(`frontline serve exited with ${code}`)));
    });
    assert.match(first, new RegExp(`http://127.0.0.1:${port}/`));
    origin = `http://127.0.0.1:${port}`;
    const { launchBrowser } = await import('./helpers.mjs');
    browser = await launchBrowser();
  })();
  started.catch(() => {});
  after(async () => {
    await browser?.close();
    proc?.kill();
  });

  it('is an opaque, readable, wrapping, scrollable, dismissable sheet at the top, at 360 and 1280 px', async () => {
    await started;
    const c = checks();
    const page = await browser.newPage({ viewport: { width: 360, height: HEIGHT[360] } });
    try {
      await page.goto(`${origin}/articles/payments/refund/`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__frontline && window.__frontline.events.readyState === 1, null, { timeout: 10_000 });
      // Several broken files: a long error with long paths.
      const dir = path.join(root, 'content/articles/payments');
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.md')).slice(0, 6)) {
        fs.writeFileSync(path.join(dir, f), '---\ntitle: [unclosed\n---\nbody\n');
      }
      const overlay = page.locator('#frontline-error-overlay');
      await overlay.waitFor({ state: 'visible', timeout: 15_000 });
      await page.waitForTimeout(1500); // let the watcher settle on the last of the edits
      assert.match(await overlay.textContent(), /content\/articles\/payments\/[^:]+\.md:\d+/);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: HEIGHT[width] });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `looks--overlay--${width}.png`) });
        const m = await overlay.evaluate((o) => {
          const r = o.getBoundingClientRect();
          const cs = getComputedStyle(o);
          const lines = o.querySelector('pre') || o;
          const lcs = getComputedStyle(lines);
          const scroller = [o, ...o.querySelectorAll('*')].find((e) => /auto|scroll/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight);
          return {
            top: r.top, left: r.left, width: r.width, height: r.height,
            bg: cs.backgroundColor, fg: lcs.color, font: lcs.fontFamily, size: parseFloat(lcs.fontSize),
            wraps: lines.scrollWidth <= lines.clientWidth + 1,
            scrolls: !!scroller,
            long: o.scrollHeight > innerHeight * 0.6 || !!scroller,
            close: !!o.querySelector('button'),
            vw: innerWidth, vh: innerHeight,
          };
        });
        c.equal(parseColor(m.bg)[3], 1, `opaque background (${m.bg})`);
        c.ok(contrast(m.fg, m.bg) >= 7, `text ${m.fg} on ${m.bg}: contrast ${contrast(m.fg, m.bg).toFixed(1)}`);
        c.ok(/mono/i.test(m.font), `monospace lines (${m.font})`);
        c.ok(m.size >= 13, `font size ${m.size}px`);
        c.ok(m.top <= 0.5 && m.left <= 0.5 && Math.abs(m.width - m.vw) <= 1, `a full-width sheet at the top (${JSON.stringify(m)})`);
        c.ok(m.height <= m.vh * 0.75, `the sheet leaves the page visible under it: ${m.height} of ${m.vh} px`);
        c.ok(m.wraps, 'long lines wrap (no sideways scroll in the sheet)');
        c.ok(!m.long || m.scrolls, 'a long error scrolls inside the sheet');
        c.ok(m.close, 'a button to dismiss it');
      }
      if (await overlay.locator('button').count()) {
        await overlay.locator('button').first().click();
        c.ok(await overlay.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false), 'the button hides the sheet');
      }
      c.done();
    } finally {
      await page.close();
    }
  });
});
