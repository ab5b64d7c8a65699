// Search in a real browser against the fixture site tests/fixtures/search
// (built with feedback.endpoint pointing at a receiver in this process):
// ranking of the expected article for each kind of query help, escaping,
// the combobox keyboard model, the public/internal index split, the
// feedback beacons (failed searches, "was this helpful" ratings), and — on a
// generated site with more results than fit the first page — what a query
// loads: the page language's bundle and one fragment per result shown.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { buildFixture, launchBrowser, once, serve } from './helpers.mjs';

const FIXTURE = 'tests/fixtures/search';
const VOZVRAT = '/articles/payments/vozvrat/';
const DELIVERY_EN = '/en/articles/delivery/delivery-times/';
const API_RU = '/articles/api/oshibki-api/';
const PODPIS = '/articles/account/podpis/';
const RUNBOOK = '/runbooks/ops/perezapusk/';
const INTERNAL_ARTICLE = '/articles/account/proverka-froda/';
// Words and markers that only internal content (the internal article and the runbook) contains.
const CANARIES = ['zephyrquill', 'marmotgrove', 'CANARYFRAUD7731', 'CANARYRUNBOOK4402', 'подозрительных', 'шлюза'];

/** A feedback endpoint on 127.0.0.1 that answers CORS preflights and records JSON bodies. */
async function startReceiver() {
  const received = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let json = null;
      try {
        json = JSON.parse(body);
      } catch {
        /* recorded as null */
      }
      const entry = { method: req.method, path: req.url, type: req.headers['content-type'], body, json };
      received.push(entry);
      for (const w of waiters.splice(0)) w();
      res.writeHead(204, cors).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/kb-feedback`;
  /** Resolves with the first received entry matching `pred`, or throws after `ms`. */
  const waitFor = async (pred, ms = 8000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = received.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching feedback request within ${ms} ms; received: ${JSON.stringify(received)}`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };
  return {
    url,
    received,
    waitFor,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

const withEndpoint = (url) => (yaml) => {
  const out = yaml.replace(/^(\s*endpoint:\s*).*$/m, `$1${url}`);
  assert.notEqual(out, yaml, 'fixture site.yaml has a feedback.endpoint line');
  return out;
};
const withoutEndpoint = (yaml) => yaml.replace(/^feedback:\n(?:[ \t]+.*\n)+/m, '');

/** Opens `urlPath` and waits until the search page has finished (no "searching…"). */
async function searchPage(page, server, urlPath, query) {
  const res = await page.goto(server.url(`${urlPath}?q=${encodeURIComponent(query)}`), { waitUntil: 'load' });
  assert.equal(res.status(), 200, `GET ${urlPath}`);
  await page.waitForFunction(
    () => {
      const s = document.querySelector('#search-results .search-status');
      return s && s.textContent && !document.getElementById('search-results').hasAttribute('aria-busy');
    },
    null,
    { timeout: 15000 },
  );
  return page.evaluate(() => ({
    status: document.querySelector('.search-status').textContent,
    input: document.querySelector('#q').value,
    hrefs: [...document.querySelectorAll('.search-result .search-result-title a')].map((a) => a.getAttribute('href')),
    titles: [...document.querySelectorAll('.search-result .search-result-title a')].map((a) => a.textContent),
    langs: [...document.querySelectorAll('.search-result')].map((li) => li.querySelector('.search-result-lang')?.textContent ?? null),
    layout: document.querySelector('.search-notice-layout')?.textContent ?? null,
    typo: document.querySelector('.search-notice-typo')?.textContent ?? null,
    typoHref: document.querySelector('.search-notice-typo a')?.getAttribute('href') ?? null,
    dropped: document.querySelector('.search-notice-dropped')?.textContent ?? null,
    empty: document.querySelector('.search-empty-text')?.textContent ?? null,
  }));
}

/**
 * Types `query` into the search box `input` (a combobox) and waits for its
 * listbox's final list of the whole query: its "all results" option is for
 * `query` and it is not aria-busy (results of a prefix may show while typing;
 * other languages' results may extend an early list, aria-busy until then).
 */
async function typeAndWaitForList(page, input, query, { delay }) {
  const listId = await input.getAttribute('aria-controls');
  assert.ok(listId, 'the search box has aria-controls');
  await input.click();
  await input.pressSequentially(query, { delay });
  await page.waitForFunction(
    ([id, q]) => {
      const list = document.getElementById(id);
      const all = list.querySelector('[role="option"][data-kind="all"]');
      return all && !list.hasAttribute('aria-busy') && new URL(all.dataset.href, location.href).searchParams.get('q') === q;
    },
    [listId, query],
    { timeout: 10000 },
  );
}

function assertTop3(t, r, expected, what) {
  const rank = r.hrefs.indexOf(expected) + 1;
  t.diagnostic(`${what}: ${expected} at rank ${rank || 'none'} of ${r.hrefs.length} (${r.status}); top 3: ${r.hrefs.slice(0, 3).join(' ')}`);
  assert.ok(rank >= 1 && rank <= 3, `${what}: expected ${expected} in the top 3, got ${JSON.stringify(r.hrefs)}`);
  return rank;
}

describe('search', () => {
  let receiver;
  let site;
  let bare; // the same fixture without a feedback endpoint
  let browser;
  const servers = {};
  const ready = once(async () => {
    receiver = await startReceiver();
    site = buildFixture(FIXTURE, { editSiteYaml: withEndpoint(receiver.url) });
    bare = buildFixture(FIXTURE, { editSiteYaml: withoutEndpoint });
    servers.public = await serve(site.public);
    servers.internal = await serve(site.internal);
    servers.bare = await serve(bare.public);
    browser = await launchBrowser();
  });
  before(() => ready().catch(() => {})); // failures surface in each test
  after(async () => {
    await browser?.close();
    await Promise.all(Object.values(servers).map((s) => s.close()));
    await receiver?.close();
  });

  /** A fresh page that records dialogs and script errors. */
  async function newPage(opts = {}) {
    await ready();
    const context = await browser.newContext(opts);
    const page = await context.newPage();
    page.dialogs = [];
    page.errors = [];
    page.on('dialog', (d) => {
      page.dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => page.errors.push(e.message));
    page.done = () => context.close();
    return page;
  }

  describe('finds the expected article in the top 3', () => {
    const CASES = [
      { name: 'Russian morphology', path: '/search/', q: 'возврата денег', expect: VOZVRAT },
      { name: 'English', path: '/en/search/', q: 'delivery times', expect: DELIVERY_EN },
      { name: 'error code on a Russian page', path: '/search/', q: 'E1234', expect: API_RU },
      { name: 'number on a Russian page', path: '/search/', q: '404', expect: API_RU },
      { name: 'Latin token on a Russian page', path: '/search/', q: 'API', expect: API_RU },
      { name: 'synonym', path: '/search/', q: 'refund', expect: VOZVRAT },
      { name: 'multi-word synonym', path: '/search/', q: 'money back', expect: VOZVRAT },
      { name: 'wrong layout, typed in QWERTY', path: '/search/', q: 'djpdhfn', expect: VOZVRAT, layout: 'возврат' },
      { name: 'wrong layout, typed in ЙЦУКЕН', path: '/en/search/', q: 'вудшмукн', expect: DELIVERY_EN, layout: 'delivery' },
      { name: 'wrong layout of a synonym', path: '/search/', q: 'куагтв', expect: VOZVRAT, layout: 'refund' },
      { name: 'one-letter typo (Russian)', path: '/search/', q: 'возрват', expect: VOZVRAT, typo: 'возврат' },
      { name: 'one-letter typo (English)', path: '/en/search/', q: 'deliverry', expect: DELIVERY_EN, typo: 'delivery' },
      { name: 'a word that is on no page', path: '/search/', q: 'возврат денег флюгегехаймен', expect: VOZVRAT, dropped: 'флюгегехаймен' },
    ];
    for (const c of CASES) {
      it(`${c.name}: ${c.path}?q=${c.q}`, async (t) => {
        const page = await newPage();
        try {
          const r = await searchPage(page, servers.public, c.path, c.q);
          assert.equal(r.input, c.q, 'the input shows the query');
          assertTop3(t, r, c.expect, c.q);
          if (c.layout) {
            assert.ok(r.layout, `a "showing results for" line for ${c.q}: ${JSON.stringify(r)}`);
            assert.ok(r.layout.includes(c.layout), `"${r.layout}" names ${c.layout}`);
          }
          if (c.typo) {
            assert.ok(r.typo, `a "showing results for" line with the corrected word for ${c.q}: ${JSON.stringify(r)}`);
            assert.ok(r.typo.includes(c.typo), `"${r.typo}" names ${c.typo}`);
            const href = new URL(r.typoHref, servers.public.origin);
            assert.equal(href.pathname, c.path);
            assert.equal(href.searchParams.get('q'), c.typo, 'the corrected word links to its search');
          }
          if (c.dropped) {
            assert.ok(r.dropped, `a "results without" line for ${c.q}: ${JSON.stringify(r)}`);
            assert.ok(r.dropped.includes(c.dropped), `"${r.dropped}" names ${c.dropped}`);
          }
          assert.deepEqual(page.errors, [], 'no script errors');
        } finally {
          await page.done();
        }
      });
    }

    it('searches every language: page language first, others labelled', async (t) => {
      const page = await newPage();
      try {
        // On the Russian search page: the English-only article, labelled "English".
        const r = await searchPage(page, servers.public, '/search/', 'delivery times');
        const rank = assertTop3(t, r, DELIVERY_EN, 'delivery times on the Russian page');
        assert.equal(r.langs[rank - 1], 'English', 'the English result is labelled with its language');
        const lang = await page.locator('.search-result').nth(rank - 1).getAttribute('lang');
        assert.equal(lang, 'en');
        // A word in both languages: the page's language first.
        const ru = await searchPage(page, servers.public, '/search/', 'пароль');
        t.diagnostic(`пароль on /search/: ${ru.hrefs.join(' ')}`);
        assert.equal(ru.hrefs[0], '/articles/account/parol/');
        assert.ok(ru.hrefs.includes('/en/articles/account/parol/'), 'the English translation is found through the synonym');
        assert.equal(ru.langs[0], null, 'no label on results in the page language');
        const en = await searchPage(page, servers.public, '/en/search/', 'password');
        t.diagnostic(`password on /en/search/: ${en.hrefs.join(' ')}`);
        assert.equal(en.hrefs[0], '/en/articles/account/parol/');
        assert.equal(en.langs[en.hrefs.indexOf('/articles/account/parol/')], 'Русский');
      } finally {
        await page.done();
      }
    });

    it('the corrected word in the notice links to its search', async () => {
      const page = await newPage();
      try {
        await searchPage(page, servers.public, '/search/', 'возрват');
        await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === 'возврат'), page.locator('.search-notice-typo a').click()]);
        await page.waitForFunction(() => document.querySelector('.search-result') && !document.getElementById('search-results').hasAttribute('aria-busy'));
        assert.equal(await page.locator('#q').inputValue(), 'возврат');
        assert.equal(await page.locator('.search-notice').count(), 0, 'no notices for a query that is found as typed');
        assert.equal(await page.locator('.search-result a').first().getAttribute('href'), VOZVRAT);
      } finally {
        await page.done();
      }
    });

    it('shows sub-results for headings and highlights matches with <mark>', async () => {
      const page = await newPage();
      try {
        await searchPage(page, servers.public, '/search/', 'E1234');
        const first = page.locator('.search-result').first();
        const marks = await first.locator('.search-result-excerpt mark').allTextContents();
        assert.ok(marks.some((m) => /e1234/i.test(m)), `E1234 is marked in the excerpt: ${JSON.stringify(marks)}`);
        const subs = await first.locator('.search-result-subs a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(subs.length >= 1 && subs.every((h) => h.startsWith(`${API_RU}#`)), `sub-results link to headings: ${JSON.stringify(subs)}`);
        assert.equal(await first.locator('.search-result-category').textContent(), 'API для партнёров');
      } finally {
        await page.done();
      }
    });
  });

  describe('results page (issue 16)', () => {
    const WORD = /^[\p{L}\p{N}]/u;
    const WORD_END = /[\p{L}\p{N}]$/u;

    it('a <mark> covers the word only, never its punctuation', async () => {
      const page = await newPage();
      try {
        let followedByPunct = 0;
        for (const q of ['платили', 'способом', 'возврат', 'E1234']) {
          await searchPage(page, servers.public, '/search/', q);
          const marks = await page.$$eval('.search-result-excerpt mark', (ms) =>
            ms.map((m) => ({ text: m.textContent, next: m.nextSibling && m.nextSibling.nodeType === 3 ? m.nextSibling.textContent : '' })),
          );
          assert.ok(marks.length >= 1, `${q}: something is marked`);
          for (const m of marks) assert.ok(WORD.test(m.text) && WORD_END.test(m.text), `${q}: <mark>${m.text}</mark> is a word only`);
          followedByPunct += marks.filter((m) => /^[.,!?:;»)]/.test(m.next)).length;
        }
        assert.ok(followedByPunct >= 1, 'punctuation after a marked word stays outside the mark');
        assert.deepEqual(page.errors, []);
      } finally {
        await page.done();
      }
    });

    it('an excerpt starts at a sentence (or a word, after "…") and its match is in it', async () => {
      const page = await newPage();
      try {
        for (const [q, href] of [['банка', VOZVRAT], ['рублей', '/articles/delivery/kurer/'], ['чат', null]]) {
          const r = await searchPage(page, servers.public, '/search/', q);
          assert.ok(r.hrefs.length >= 1, `${q}: found`);
          if (href) assert.ok(r.hrefs.includes(href), `${q}: ${JSON.stringify(r.hrefs)}`);
          const excerpts = await page.$$eval('.search-result-excerpt', (ps) => ps.map((p) => [p.textContent, p.querySelectorAll('mark').length]));
          for (const [text, marks] of excerpts) {
            assert.ok(/^… \S/.test(text) || /^[\p{Lu}\p{N}«"(]/u.test(text), `${q}: "${text}" starts at a sentence or after "…"`);
            assert.ok(marks >= 1, `${q}: "${text}" shows a match`);
          }
        }
        const first = await page.locator('.search-result-excerpt').first().textContent();
        assert.ok(!first.startsWith(' ') && !first.endsWith(' '), JSON.stringify(first));
      } finally {
        await page.done();
      }
    });

    it('a typo answered for the corrected word says so once: status and notice name the corrected word', async () => {
      const page = await newPage();
      try {
        for (const [path, q, fixed] of [['/search/', 'возрват', 'возврат'], ['/search/', 'вазврат', 'возврат'], ['/en/search/', 'deliverry', 'delivery']]) {
          const r = await searchPage(page, servers.public, path, q);
          assert.ok(r.hrefs.length >= 1, `${q}: results`);
          const notices = await page.locator('.search-notice').allTextContents();
          assert.equal(notices.length, 1, `${q}: one notice: ${JSON.stringify(notices)}`);
          assert.ok(notices[0].includes(fixed), `${q}: the notice names ${fixed}: ${notices[0]}`);
          assert.ok(!/имели в виду|did you mean/i.test(notices[0]), `${q}: no "did you mean" for results already shown: ${notices[0]}`);
          assert.ok(r.status.includes(fixed) && !r.status.includes(q), `${q}: the status names what was searched: ${r.status}`);
        }
      } finally {
        await page.done();
      }
    });

    it('zero results: one contact box and the promoted articles of the page language', async () => {
      const page = await newPage();
      try {
        for (const [path, promoted, other] of [['/search/', '/articles/orders/otmena/', '/en/articles/delivery/delivery-times/'], ['/en/search/', '/en/articles/delivery/delivery-times/', '/articles/orders/otmena/']]) {
          const r = await searchPage(page, servers.public, path, 'флюгегехаймен');
          assert.deepEqual(r.hrefs, [], 'nothing found');
          const boxes = await page.$$eval('.contact', (bs) => bs.filter((b) => b.getClientRects().length > 0).length);
          assert.equal(boxes, 1, `${path}: exactly one contact box is shown`);
          assert.equal(await page.locator('.search-empty.contact').isVisible(), true, 'the zero-result box is the one');
          const links = await page.$$eval('#search-results .search-promoted a', (as) => as.map((a) => a.getAttribute('href')));
          assert.ok(links.includes(promoted), `${path}: the promoted article is suggested: ${JSON.stringify(links)}`);
          assert.ok(!links.includes(other), `${path}: only the page language's: ${JSON.stringify(links)}`);
        }
        // A search that finds something brings the footer's contact box back and no suggestions.
        await page.locator('#q').fill('возврат');
        await page.locator('#q').press('Enter');
        await page.waitForFunction(() => document.querySelector('.search-result') && !document.getElementById('search-results').hasAttribute('aria-busy'));
        assert.equal(await page.locator('.site-footer .contact').isVisible(), true);
        assert.equal(await page.locator('#search-results .search-promoted').count(), 0);
      } finally {
        await page.done();
      }
    });
  });

  describe('escaping', () => {
    it('?q=<img src=x onerror=…> executes nothing and is shown as typed', async () => {
      const page = await newPage();
      const q = '<img src=x onerror=window.__xss=1>';
      try {
        const r = await searchPage(page, servers.public, '/search/', q);
        assert.equal(r.input, q, 'the input shows the query as typed');
        assert.deepEqual(r.hrefs, [], 'nothing is found');
        assert.ok(r.empty && r.empty.includes(q), `the "no results" text shows the query as typed: ${JSON.stringify(r.empty)}`);
        assert.ok(r.status.includes(q), 'the status line shows the query as typed');
        await page.waitForTimeout(300);
        assert.equal(await page.evaluate(() => window.__xss), undefined, 'window.__xss is not set');
        assert.equal(await page.locator('#search-results img, .search-popup img').count(), 0, 'no <img> was created');
        assert.deepEqual(page.dialogs, []);
        assert.deepEqual(page.errors, []);
        // The contact links carry the query, encoded.
        const mail = await page.locator('.search-empty a[href^="mailto:"]').getAttribute('href');
        assert.ok(mail.startsWith('mailto:support@search.example?'), mail);
        const params = new URLSearchParams(mail.split('?')[1]);
        assert.ok(params.get('subject').includes(q), `mailto subject carries the query: ${params.get('subject')}`);
        const form = await page.locator('.search-empty a[data-contact="url"]').getAttribute('href');
        assert.equal(new URL(form).searchParams.get('q'), q, 'the contact form link carries ?q=');
      } finally {
        await page.done();
      }
    });

    it('a title containing <script> stays text in results and suggestions', async () => {
      const page = await newPage();
      const title = 'Подпись <script>alert(1)</script> в профиле';
      try {
        const r = await searchPage(page, servers.public, '/search/', 'подпись профиль');
        assert.ok(r.hrefs.includes(PODPIS), JSON.stringify(r));
        assert.equal(r.titles[r.hrefs.indexOf(PODPIS)], title, 'the title is shown as text');
        // The excerpt's markup-like text stays text, and matches are <mark>ed.
        const r2 = await searchPage(page, servers.public, '/search/', 'жирного');
        assert.equal(r2.hrefs[0], PODPIS);
        const ex = page.locator('.search-result-excerpt').first();
        assert.ok((await ex.textContent()).includes('<b>'), 'markup in the content is shown as text');
        assert.ok((await ex.locator('mark').allTextContents()).some((m) => m.includes('жирного')));
        assert.equal(await page.locator('#search-results script, #search-results b, #search-results i').count(), 0);
        // The same in the instant results under the header box of an article.
        await page.goto(servers.public.url('/articles/orders/bonusy/'));
        const input = page.locator('header .search-form input[name="q"]');
        await input.click();
        await input.pressSequentially('подпись', { delay: 20 });
        const opt = page.locator(`[role="option"][data-href="${PODPIS}"]`);
        await opt.waitFor({ timeout: 10000 });
        assert.equal(await opt.locator('.search-option-title').textContent(), title);
        assert.equal(await page.locator('.search-popup script').count(), 0);
        assert.deepEqual(page.dialogs, [], 'no alert() ran');
        assert.deepEqual(page.errors, []);
      } finally {
        await page.done();
      }
    });
  });

  describe('instant results', () => {
    it('header box on an article: combobox, ArrowDown/Up move aria-activedescendant, Escape closes, Enter opens the result', async (t) => {
      const page = await newPage();
      try {
        await page.goto(servers.public.url('/articles/orders/bonusy/'));
        const input = page.locator('header .search-form input[name="q"]');
        assert.equal(await input.getAttribute('role'), 'combobox');
        assert.equal(await input.getAttribute('aria-expanded'), 'false');
        const listId = await input.getAttribute('aria-controls');
        assert.ok(listId, 'aria-controls');
        const list = page.locator(`[id="${listId}"]`);
        assert.equal(await list.getAttribute('role'), 'listbox');
        assert.ok(await list.getAttribute('aria-label'), 'the listbox is labelled');

        await typeAndWaitForList(page, input, 'доставка', { delay: 30 });
        assert.equal(await input.getAttribute('aria-expanded'), 'true');
        assert.ok(await list.isVisible(), 'the listbox is visible');
        const options = await list.locator('[role="option"]').evaluateAll((os) => os.map((o) => ({ id: o.id, href: o.dataset.href, kind: o.dataset.kind, text: o.textContent })));
        t.diagnostic(`options: ${options.map((o) => `${o.kind} ${o.href}`).join(', ')}`);
        assert.equal(options[0].href, '/articles/delivery/kurer/', 'the courier delivery article comes first');
        assert.equal(options.at(-1).kind, 'all', 'the last option opens all results');
        assert.equal(new URL(options.at(-1).href, servers.public.origin).searchParams.get('q'), 'доставка');
        assert.equal(await input.getAttribute('aria-activedescendant'), null, 'nothing is active before ArrowDown');

        await page.keyboard.press('ArrowDown');
        assert.equal(await input.getAttribute('aria-activedescendant'), options[0].id);
        assert.equal(await page.locator(`[id="${options[0].id}"]`).getAttribute('aria-selected'), 'true');
        await page.keyboard.press('ArrowDown');
        assert.equal(await input.getAttribute('aria-activedescendant'), options[1].id);
        assert.equal(await page.locator(`[id="${options[0].id}"]`).getAttribute('aria-selected'), 'false');
        await page.keyboard.press('ArrowUp');
        assert.equal(await input.getAttribute('aria-activedescendant'), options[0].id);
        assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'combobox', 'focus stays in the input');

        await page.keyboard.press('Escape');
        assert.equal(await input.getAttribute('aria-expanded'), 'false');
        assert.equal(await list.isVisible(), false);
        assert.equal(await input.inputValue(), 'доставка', 'Escape closes the list without clearing the input');
        await page.keyboard.press('ArrowDown');
        assert.equal(await input.getAttribute('aria-expanded'), 'true', 'ArrowDown reopens the list');
        await page.keyboard.press('ArrowDown');
        assert.equal(await input.getAttribute('aria-activedescendant'), options[0].id);
        await Promise.all([page.waitForURL(servers.public.url(options[0].href)), page.keyboard.press('Enter')]);
        assert.equal(new URL(page.url()).pathname, '/articles/delivery/kurer/');
        assert.deepEqual(page.errors, []);
      } finally {
        await page.done();
      }
    });

    it('Enter without a selection submits to the search page with ?q=', async () => {
      const page = await newPage();
      try {
        await page.goto(servers.public.url('/en/articles/account/parol/'));
        const input = page.locator('header .search-form input[name="q"]');
        await input.click();
        await input.fill('cancel order');
        await Promise.all([page.waitForURL((u) => u.pathname === '/en/search/'), input.press('Enter')]);
        assert.equal(new URL(page.url()).searchParams.get('q'), 'cancel order');
        await page.waitForFunction(() => document.querySelector('.search-result'));
        assert.equal(await page.locator('.search-result a').first().getAttribute('href'), '/en/articles/orders/otmena/');
      } finally {
        await page.done();
      }
    });

    it('an early list (page language only) is aria-busy until the other languages extend it', async () => {
      const page = await newPage();
      let release = () => {};
      const gate = new Promise((r) => (release = r));
      try {
        // Hold the English bundle: the Russian results must show first, marked busy.
        await page.route('**/pagefind/en/**', async (route) => {
          await gate;
          await route.continue();
        });
        await page.goto(servers.public.url('/articles/orders/bonusy/'));
        const input = page.locator('header .search-form input[name="q"]');
        const listId = await input.getAttribute('aria-controls');
        await input.click();
        await input.fill('доставка');
        await page.waitForFunction(
          (id) => {
            const l = document.getElementById(id);
            return l.getAttribute('aria-busy') === 'true' && l.querySelector('[data-kind="result"]');
          },
          listId,
          { timeout: 10000 },
        );
        const early = await page.locator(`[id="${listId}"] [data-kind="result"]`).evaluateAll((os) => os.map((o) => o.getAttribute('lang')));
        assert.deepEqual([...new Set(early)], ['ru'], 'the early list holds the page language only');
        release();
        await page.waitForFunction(
          (id) => {
            const l = document.getElementById(id);
            return !l.hasAttribute('aria-busy') && l.querySelector('[data-kind="result"][lang="en"]');
          },
          listId,
          { timeout: 10000 },
        );
        assert.deepEqual(page.errors, []);
      } finally {
        release();
        await page.done();
      }
    });

    it('the home page box suggests results in both languages', async () => {
      const page = await newPage();
      try {
        await page.goto(servers.public.url('/'));
        const input = page.locator('main .search-form input[name="q"]');
        await input.click();
        await input.pressSequentially('password', { delay: 20 });
        const opt = page.locator('[role="option"][data-href="/en/articles/account/parol/"]');
        await opt.waitFor({ timeout: 10000 });
        assert.ok((await opt.textContent()).includes('English'), 'the English result is labelled');
        assert.equal(await opt.getAttribute('lang'), 'en');
      } finally {
        await page.done();
      }
    });
  });

  describe('public and internal indexes', () => {
    /** Every file under dir, with gzip-compressed Pagefind files also decompressed. */
    function contents(dir) {
      const out = [];
      const walk = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else {
            const raw = fs.readFileSync(p);
            out.push({ file: p, bytes: raw });
            if (raw[0] === 0x1f && raw[1] === 0x8b) out.push({ file: `${p} (gunzipped)`, bytes: zlib.gunzipSync(raw) });
          }
        }
      };
      walk(dir);
      return out;
    }
    const hits = (files, needle) =>
      files.filter((f) => f.bytes.includes(Buffer.from(needle)) || f.bytes.includes(Buffer.from(needle.toLowerCase()))).map((f) => f.file);

    it('public/pagefind and public/search contain no internal canary', async () => {
      await ready();
      const files = [...contents(path.join(site.public, 'pagefind')), ...contents(path.join(site.public, 'search'))];
      assert.ok(files.some((f) => f.file.endsWith('(gunzipped)')), 'the compressed index files were unpacked');
      for (const c of CANARIES) assert.deepEqual(hits(files, c), [], `public files containing ${c}`);
      // The check can see them: the internal index does contain them.
      const internal = [...contents(path.join(site.internal, 'pagefind')), ...contents(path.join(site.internal, 'search'))];
      for (const c of ['zephyrquill', 'marmotgrove']) assert.ok(hits(internal, c).length > 0, `internal index contains ${c}`);
    });

    it('the internal site finds the runbook by a word only it contains; the public site does not', async (t) => {
      const page = await newPage();
      try {
        const r = await searchPage(page, servers.internal, '/search/', 'marmotgrove');
        assertTop3(t, r, RUNBOOK, 'marmotgrove on the internal site');
        const a = await searchPage(page, servers.internal, '/search/', 'zephyrquill');
        assertTop3(t, a, INTERNAL_ARTICLE, 'zephyrquill on the internal site');
        for (const q of ['marmotgrove', 'zephyrquill']) {
          const p = await searchPage(page, servers.public, '/search/', q);
          assert.deepEqual(p.hrefs, [], `public search for ${q}`);
          assert.ok(p.empty, `public search for ${q} shows "nothing found"`);
        }
      } finally {
        await page.done();
      }
    });
  });

  describe('feedback endpoint', () => {
    it('a zero-result search is sent as JSON with query, lang and url', async () => {
      const page = await newPage();
      const q = 'флюгегехаймен';
      try {
        const r = await searchPage(page, servers.public, '/search/', q);
        assert.deepEqual(r.hrefs, []);
        const got = await receiver.waitFor((e) => e.json?.type === 'search_no_results' && e.json.query === q);
        assert.equal(got.method, 'POST');
        assert.match(got.type, /^application\/json/);
        assert.equal(got.json.lang, 'ru');
        assert.equal(new URL(got.json.url).pathname, '/search/');
        assert.equal(new URL(got.json.url).searchParams.get('q'), q);
      } finally {
        await page.done();
      }
    });

    it('a zero-result query typed in the header box is sent when the box is dismissed', async () => {
      const page = await newPage();
      const q = 'qqzzyyxx';
      try {
        await page.goto(servers.public.url('/en/articles/orders/otmena/'));
        const input = page.locator('header .search-form input[name="q"]');
        await input.click();
        await input.pressSequentially(q, { delay: 20 });
        await page.waitForFunction((q) => document.querySelector('.search-popup .search-empty-text')?.textContent.includes(q), q, { timeout: 10000 });
        const contact = page.locator('.search-popup [role="option"][data-kind="contact"]');
        assert.ok((await contact.count()) >= 1, 'a contact option is offered');
        assert.ok((await contact.first().getAttribute('data-href')).includes(encodeURIComponent(q)), 'the contact link carries the query');
        await page.keyboard.press('Escape');
        const got = await receiver.waitFor((e) => e.json?.type === 'search_no_results' && e.json.query === q);
        assert.equal(got.json.lang, 'en');
      } finally {
        await page.done();
      }
    });

    it('"was this helpful" is a labelled 1–5 radio group; a click sends the rating as JSON', async () => {
      const page = await newPage();
      try {
        await page.goto(servers.public.url(VOZVRAT));
        const group = page.getByRole('radiogroup');
        assert.equal(await group.count(), 1);
        assert.ok(await group.isVisible(), 'the rating widget is visible');
        const radios = group.getByRole('radio');
        assert.equal(await radios.count(), 5);
        const names = await radios.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label')));
        assert.ok(names.every((n, i) => n && n.startsWith(String(i + 1))), `labelled radios: ${JSON.stringify(names)}`);
        assert.ok(await page.locator('#rating-title').textContent());
        await group.getByRole('radio', { name: /^4/ }).click();
        const got = await receiver.waitFor((e) => e.json?.type === 'rating');
        assert.match(got.type, /^application\/json/);
        assert.equal(got.json.rating, 4);
        assert.equal(got.json.lang, 'ru');
        assert.equal(new URL(got.json.url).pathname, VOZVRAT);
        assert.equal(await group.getByRole('radio', { name: /^4/ }).getAttribute('aria-checked'), 'true');
        assert.ok(await page.locator('.rating-thanks').isVisible(), 'a thank-you text appears');
      } finally {
        await page.done();
      }
    });

    it('without an endpoint: no rating widget, nothing is sent', async () => {
      const page = await newPage();
      try {
        await page.addInitScript(() => {
          window.__sent = [];
          const beacon = navigator.sendBeacon.bind(navigator);
          navigator.sendBeacon = (...a) => {
            window.__sent.push(['beacon', String(a[0])]);
            return beacon(...a);
          };
          const f = window.fetch.bind(window);
          window.fetch = (u, o) => {
            if (o && o.method === 'POST') window.__sent.push(['fetch', String(u)]);
            return f(u, o);
          };
        });
        await page.goto(servers.bare.url(VOZVRAT));
        assert.equal(await page.locator('[data-rating], [role="radiogroup"]').count(), 0, 'no rating widget');
        const r = await searchPage(page, servers.bare, '/search/', 'флюгегехаймен');
        assert.ok(r.empty, 'nothing found');
        assert.ok(await page.locator('.search-empty a[href^="mailto:"]').count(), 'the contact box is still shown');
        await page.waitForTimeout(300);
        assert.deepEqual(await page.evaluate(() => window.__sent), []);
      } finally {
        await page.done();
      }
    });
  });
});

/**
 * A generated RU/EN site where one made-up word is on 12 Russian and 3 English
 * articles: more page-language results than the first page of /search/ (10)
 * or the instant results (5) show.
 */
const LOAD_WORD = 'zorblat';
function writeLoadSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-search-load-'));
  process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, 'content', 'articles', 'help');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(root, 'site.yaml'), 'title: Load\nlanguage: ru\nlanguages: [ru, en]\n');
  fs.writeFileSync(path.join(dir, '_category.yaml'), 'title: {ru: Помощь, en: Help}\n');
  for (let i = 1; i <= 12; i++) {
    const n = String(i).padStart(2, '0');
    fs.writeFileSync(
      path.join(dir, `statya-${n}.md`),
      `---\ntitle: Статья ${n} о настройке\n---\n\nКак включить ${LOAD_WORD} в разделе ${n}. ${'Текст статьи о настройках профиля. '.repeat(i)}\n`,
    );
  }
  for (let i = 1; i <= 3; i++) {
    fs.writeFileSync(path.join(dir, `english-${i}.en.md`), `---\ntitle: English article ${i}\n---\n\nHow to turn on ${LOAD_WORD}, part ${i}.\n`);
  }
  return root;
}

describe('what a query loads', () => {
  let browser;
  let server;
  let fixture;
  const ready = once(async () => {
    fixture = buildFixture(writeLoadSite());
    server = await serve(fixture.public);
    browser = await launchBrowser();
  });
  before(() => ready().catch(() => {}));
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh page that records the paths it requests. */
  async function loggedPage() {
    await ready();
    // Short enough that the "other languages" block is below the first 10 results.
    const context = await browser.newContext({ viewport: { width: 1280, height: 600 } });
    const page = await context.newPage();
    page.requested = [];
    page.errors = [];
    page.on('request', (r) => page.requested.push(new URL(r.url()).pathname));
    page.on('pageerror', (e) => page.errors.push(e.message));
    page.done = () => context.close();
    return page;
  }
  const fragments = (page, lang) => page.requested.filter((p) => p.startsWith(`/pagefind/${lang}/fragment/`));
  const otherBundle = (page) => page.requested.filter((p) => p.startsWith('/pagefind/en/'));

  it('/search/: 10 page-language results from 10 fragments; "show more" and other languages on demand', async (t) => {
    const page = await loggedPage();
    try {
      const r = await searchPage(page, server, '/search/', LOAD_WORD);
      t.diagnostic(`first query requested: ${page.requested.filter((p) => /^\/(pagefind|search)\//.test(p)).join(' ')}`);
      await page.waitForTimeout(300); // would an IntersectionObserver load more?
      assert.equal(r.hrefs.length, 10, JSON.stringify(r));
      assert.ok(r.langs.every((l) => l === null), 'only results in the page language');
      assert.match(r.status, /12/, 'the status counts every page-language result');
      assert.equal(fragments(page, 'ru').length, 10, 'one fragment per result shown');
      assert.deepEqual(otherBundle(page), [], 'the English bundle is not loaded');
      assert.deepEqual(page.requested.filter((p) => p.includes('vocab-') || p.endsWith('pagefind-worker.js')), [], 'no vocabulary, no worker');

      const more = page.locator('#search-results .search-body > .search-more');
      await more.click();
      const main = '#search-results .search-body > .search-result-list > .search-result';
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 12, main);
      assert.equal(fragments(page, 'ru').length, 12, '"show more" loads the next fragments');
      assert.equal(await more.isHidden(), true, 'no more to show');
      const eleventh = await page.locator(main).nth(10).locator('.search-result-title a').getAttribute('href');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), eleventh, 'focus moves to the first new result');

      await page.locator('.search-other').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('.search-other-status'), null, { timeout: 10000 });
      const other = await page.locator('.search-other .search-result').evaluateAll((lis) => lis.map((li) => [li.getAttribute('lang'), li.querySelector('.search-result-lang')?.textContent]));
      assert.deepEqual(other, [['en', 'English'], ['en', 'English'], ['en', 'English']], 'the English results, labelled');
      assert.ok(otherBundle(page).some((p) => p.endsWith('/pagefind.js')), 'the English bundle is loaded now');
      assert.equal(fragments(page, 'en').length, 3);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.done();
    }
  });

  it('instant results: 5 options from 5 fragments of the page language', async () => {
    const page = await loggedPage();
    try {
      await page.goto(server.url('/'));
      const input = page.locator('main .search-form input[name="q"]');
      await typeAndWaitForList(page, input, LOAD_WORD, { delay: 20 });
      await page.waitForTimeout(300);
      assert.equal(await page.locator('.search-popup [role="option"][data-kind="result"]').count(), 5);
      assert.ok(fragments(page, 'ru').length <= 7, `about one fragment per option (prefix searches while typing may add some): ${fragments(page, 'ru').length}`);
      assert.deepEqual(otherBundle(page), [], 'the English bundle is not loaded');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.done();
    }
  });

  it('a query that finds something fetches no vocabulary; an inflected form is no typo', async () => {
    const page = await loggedPage();
    try {
      const r = await searchPage(page, server, '/search/', 'настройками');
      assert.ok(r.hrefs.length > 0, JSON.stringify(r));
      assert.equal(r.typo, null, 'no "did you mean" for an inflected word');
      assert.deepEqual(page.requested.filter((p) => p.includes('vocab-')), []);
    } finally {
      await page.done();
    }
  });
});
