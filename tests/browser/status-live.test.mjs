// Live status in the browser (status-live.js): pages built earlier correct their
// banner and /status/ from the published /api/v2/summary.json, a maintenance window
// that opens after the build shows "in progress" on time, /status/ refreshes itself
// while open, and old data during an open incident is called out. The browser's
// clock is faked (Playwright's page.clock); the data is the real build output.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_NOW, DEMO_ROOT, frontlineBin, launchBrowser, serve } from './helpers.mjs';

const RESOLVED_AT = '2026-11-23T12:10:00+03:00';
const REBUILT_AT = '2026-11-23T12:15:00+03:00';
const INCIDENT = 'Сбои при оплате картой';
const MAINTENANCE = 'Плановые работы с базой данных API';

function frontline(args) {
  const res = spawnSync(frontlineBin(), args, { encoding: 'utf8', timeout: 120_000 });
  assert.equal(res.status, 0, `frontline ${args.join(' ')}:\n${res.stdout}\n${res.stderr}`);
}

/** Example site copy; `before` = built while the card incident is open, `after` = built once it is resolved. */
function buildBoth() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-live-'));
  const root = path.join(tmp, 'site');
  fs.mkdirSync(root);
  fs.cpSync(path.join(DEMO_ROOT, 'content'), path.join(root, 'content'), { recursive: true });
  fs.copyFileSync(path.join(DEMO_ROOT, 'site.yaml'), path.join(root, 'site.yaml'));
  const build = (name, now) => {
    const out = path.join(tmp, name);
    frontline(['--root', root, 'build', '--out', out, '--internal-out', `${out}-internal`, '--now', now, '--no-search']);
    return out;
  };
  const before = build('before', BUILD_NOW);
  frontline(['--root', root, 'incident', 'resolve', 'card-payments', '--message', 'Платежи снова проходят.', '--at', RESOLVED_AT]);
  const after = build('after', REBUILT_AT);
  process.once('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  return { tmp, before, after };
}

const SECOND = 'Задерживаются статусы доставки';

/** The example site with a second incident open (started after the card one), built at BUILD_NOW. */
function buildTwoOpen(tmp) {
  const root = path.join(tmp, 'site-two');
  fs.mkdirSync(root);
  fs.cpSync(path.join(DEMO_ROOT, 'content'), path.join(root, 'content'), { recursive: true });
  fs.copyFileSync(path.join(DEMO_ROOT, 'site.yaml'), path.join(root, 'site.yaml'));
  fs.writeFileSync(path.join(root, 'content/incidents/2026-11-23-tracking-delays.md'), [
    '---',
    `title: ${SECOND}`,
    'impact: minor',
    'kind: incident',
    'components:',
    '  delivery-tracking: degraded_performance',
    'started: 2026-11-23T11:20:00+03:00',
    'updates:',
    '  - at: 2026-11-23T11:20:00+03:00',
    '    status: investigating',
    '    message: Статусы заказов обновляются с задержкой.',
    '---',
    '',
  ].join('\n'));
  const out = path.join(tmp, 'two');
  frontline(['--root', root, 'build', '--out', out, '--internal-out', `${out}-internal`, '--now', BUILD_NOW, '--no-search']);
  return out;
}

/** In the page: the banner's lines (text, link path, class) and its key. */
const bannerItems = () => {
  const b = document.querySelector('[data-status-banner] .status-banner');
  return b && {
    key: b.getAttribute('data-key'),
    cls: b.className,
    items: [...b.querySelectorAll('li')].map((li) => ({
      cls: li.className,
      text: li.textContent.replace(/\s+/g, ' ').trim(),
      href: new URL(li.querySelector('a').href).pathname,
    })),
  };
};

/** A copy of an output folder, to publish newer status data into. */
function copyOf(dir, name) {
  const to = path.join(path.dirname(dir), name);
  fs.cpSync(dir, to, { recursive: true });
  return to;
}

function publishSummary(from, to) {
  fs.copyFileSync(path.join(from, 'api/v2/summary.json'), path.join(to, 'api/v2/summary.json'));
}

/** Polls `fn` in the page from Node (the page's own timers are fake) until it returns truthy. */
async function until(page, fn, arg, what) {
  const end = Date.now() + 10_000;
  let last;
  while (Date.now() < end) {
    last = await page.evaluate(fn, arg);
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

const bannerOf = () => {
  const b = document.querySelector('[data-status-banner] .status-banner');
  return b ? { cls: b.className, key: b.getAttribute('data-key'), text: b.textContent.replace(/\s+/g, ' ').trim() } : null;
};
const sectionOf = (kind) => {
  const s = document.querySelector(`[data-section="${kind}"]`);
  return {
    hidden: s.hidden,
    cards: [...s.querySelectorAll('.incident-card')].map((c) => c.textContent.replace(/\s+/g, ' ').trim()),
  };
};
const componentOf = (id) => document.querySelector(`#component-${id} .component-status`).getAttribute('data-status');
const overallOf = () => document.querySelector('[data-status-overall]').className;

describe('live status', () => {
  let sites, browser;
  const servers = [];
  before(async () => {
    sites = buildBoth();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function open(dir, urlPath, clock, { js = true } = {}) {
    const server = await serve(dir);
    servers.push(server);
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    await page.clock.install({ time: new Date(clock) });
    const res = await page.goto(server.url(urlPath), { waitUntil: 'load' });
    assert.equal(res.status(), 200, `GET ${urlPath}`);
    return page;
  }

  it('a page built while the incident was open shows it resolved once the new summary.json is published', async () => {
    const dir = copyOf(sites.before, 'published-resolution');
    const article = path.join(dir, 'articles/payments/refund/index.html');
    const html = fs.readFileSync(article, 'utf8');
    assert.match(html, new RegExp(`status-banner level-[a-z]+" data-key="[^"]+"[^>]*>\\s*<ul><li class="level-[a-z]+"><strong>[^<]+</strong> <a [^>]+>${INCIDENT}`), 'built with the incident banner');
    publishSummary(sites.after, dir);
    const page = await open(dir, '/articles/payments/refund/', '2026-11-23T12:16:00+03:00');
    const b = await until(page, (m) => { const b = document.querySelector('[data-status-banner] .status-banner'); return b && b.textContent.includes(m) && b.className; }, MAINTENANCE, 'the maintenance banner');
    assert.match(b, /level-maintenance/);
    assert.ok(!(await page.evaluate(bannerOf)).text.includes(INCIDENT), 'the incident banner is gone');
    assert.equal(fs.readFileSync(article, 'utf8'), html, 'the page itself was not rebuilt');

    const status = await open(dir, '/status/', '2026-11-23T12:16:00+03:00');
    await until(status, () => document.querySelector('[data-section="open"]').hidden, null, 'the open-incidents section to go');
    assert.match(await status.evaluate(overallOf), /level-none/);
    assert.equal(await status.evaluate(componentOf, 'checkout'), 'operational');
    assert.deepEqual((await status.evaluate(sectionOf, 'upcoming')).cards.length, 1);
  });

  it('two open incidents: the banner lists both and the maintenance soon, one line each, as built and live alike', async () => {
    const two = buildTwoOpen(sites.tmp);
    const built = await open(two, '/articles/payments/refund/', '2026-11-23T12:01:00+03:00', { js: false });
    const b = await built.evaluate(bannerItems);
    assert.ok(b, 'the page is built with a banner');
    assert.deepEqual(b.items.map((i) => i.href), [
      '/status/incidents/2026-11-23-tracking-delays/',
      '/status/incidents/2026-11-23-card-payments/',
      '/status/incidents/2026-11-28-db-maintenance/',
    ], `banner lines, newest incident first, then the maintenance: ${JSON.stringify(b.items)}`);
    assert.match(b.items[0].text, new RegExp(`${SECOND} Расследуем$`));
    assert.match(b.items[1].text, new RegExp(`${INCIDENT} Причина найдена$`));
    assert.match(b.items[2].text, new RegExp(`${MAINTENANCE} 28 ноября, 02:00–04:00`));
    assert.match(b.cls, /level-major/, 'the banner has the worst level of the two');

    // A page built with one incident open learns of the second from summary.json.
    const dir = copyOf(sites.before, 'published-second');
    publishSummary(two, dir);
    const page = await open(dir, '/articles/payments/refund/', '2026-11-23T12:01:00+03:00');
    const live = await until(page, () => { const b = document.querySelector('[data-status-banner] .status-banner'); return b && b.querySelectorAll('li').length === 3 && b.outerHTML; }, null, 'three banner lines');
    assert.ok(live);
    const l = await page.evaluate(bannerItems);
    assert.deepEqual(l.items.map((i) => [i.href, i.cls]), b.items.map((i) => [i.href, i.cls]), 'the same lines as the built banner');
    // The same words, but for the zone's name: the build writes "MSK", the browser's Intl may say "GMT+3".
    const words = (items) => items.map((i) => i.text.replace(/(\d\d:\d\d) \S+$/, '$1 <zone>'));
    assert.deepEqual(words(l.items), words(b.items), 'the same words as the built banner');
    assert.equal(l.key, b.key, 'status-live.js and the build agree on what the banner says (so a fresh page is not redrawn)');
    // One line each on a phone.
    await page.setViewportSize({ width: 360, height: 740 });
    const heights = await page.$$eval('[data-status-banner] li', (lis) => lis.map((li) => li.getBoundingClientRect().height / parseFloat(getComputedStyle(li).lineHeight)));
    assert.ok(heights.every((h) => h < 1.6), `one line each at 360 px (heights in lines: ${heights.map((h) => h.toFixed(2))})`);
  });

  it('a maintenance window that starts after the build shows "in progress" at its start', async () => {
    const page = await open(sites.after, '/status/', '2026-11-28T01:59:00+03:00');
    await until(page, () => !!document.querySelector('[data-status-age]:not([hidden])'), null, 'the data to load');
    assert.equal((await page.evaluate(sectionOf, 'upcoming')).cards.length, 1, 'upcoming before 02:00');
    assert.equal((await page.evaluate(sectionOf, 'active')).hidden, true);
    assert.equal(await page.evaluate(componentOf, 'api'), 'operational');
    await page.clock.runFor(90_000);
    const active = await until(page, () => { const s = document.querySelector('[data-section="active"]'); return !s.hidden && s.textContent; }, null, 'maintenance in progress');
    assert.match(active, /Идут работы/);
    assert.match(active, new RegExp(MAINTENANCE));
    assert.equal((await page.evaluate(sectionOf, 'upcoming')).hidden, true);
    assert.equal(await page.evaluate(componentOf, 'api'), 'under_maintenance');
    assert.match(await page.evaluate(overallOf), /level-maintenance/);

    const home = await open(sites.after, '/', '2026-11-28T04:01:00+03:00');
    await until(home, () => !document.querySelector('[data-status-banner] .status-banner'), null, 'the banner to go after the window');
  });

  it('/status/ refreshes itself while open, and says when the data is old', async () => {
    const dir = copyOf(sites.before, 'refreshing');
    const page = await open(dir, '/status/', '2026-11-23T12:16:00+03:00');
    await until(page, () => !!document.querySelector('[data-status-age]:not([hidden])'), null, 'the data to load');
    assert.equal((await page.evaluate(sectionOf, 'open')).cards.length, 1);
    assert.match(await page.evaluate(overallOf), /level-(major|critical|minor)/);
    publishSummary(sites.after, dir);
    await page.clock.runFor(61_000);
    await until(page, () => document.querySelector('[data-section="open"]').hidden, null, 'the refresh to drop the incident');
    assert.match(await page.evaluate(overallOf), /level-none/);

    const late = await open(copyOf(sites.before, 'stale'), '/status/', '2026-11-23T14:30:00+03:00');
    const stale = await until(late, () => { const s = document.querySelector('[data-status-stale]'); return !s.hidden && s.textContent; }, null, 'the stale warning');
    assert.match(stale, /устаревшей/);
  });
});
