// The article page: breadcrumbs, table of contents, translations, alternates,
// contact box, and what the public and internal sites may show.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lazyEnv, once } from './helpers.mjs';

const ARTICLE = '/articles/payments/refund/';
const ARTICLE_EN = '/en/articles/payments/refund/';

describe('article', () => {
  const env = lazyEnv();
  let servers;
  let context;
  let page; // public ARTICLE, shared by the tests below
  const opened = once(async () => {
    let browser;
    ({ browser, servers } = await env());
    context = await browser.newContext();
    page = await context.newPage();
    const res = await page.goto(servers.public.url(ARTICLE), { waitUntil: 'load' });
    assert.equal(res.status(), 200, `GET ${ARTICLE}`);
  });
  after(async () => {
    await context?.close();
    await env.teardown();
  });

  it('has a breadcrumbs nav leading home and to the category', async () => {
    await opened();
    const nav = page.locator('nav.breadcrumbs');
    assert.equal(await nav.count(), 1, 'one nav.breadcrumbs');
    assert.ok((await nav.getAttribute('aria-label'))?.trim(), 'breadcrumbs nav has an aria-label');
    const hrefs = await nav.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['/', '/articles/payments/']);
    // The breadcrumbs are inside <main>, before the <h1>.
    const order = await page.evaluate(() => {
      const bc = document.querySelector('nav.breadcrumbs');
      const h1 = document.querySelector('h1');
      return { inMain: !!bc.closest('main'), before: !!(bc.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING) };
    });
    assert.deepEqual(order, { inMain: true, before: true });
  });

  it('has TOC links that all point to existing ids', async (t) => {
    await opened();
    const links = await page.locator('nav.toc a').evaluateAll((as) =>
      as.map((a) => {
        const href = a.getAttribute('href');
        const id = href.startsWith('#') ? decodeURIComponent(href.slice(1)) : null;
        const target = id && document.getElementById(id);
        return { href, text: a.textContent.trim(), target: target ? target.tagName : null, targetText: target?.textContent.replace(/#$/, '').trim() };
      }),
    );
    t.diagnostic(`TOC: ${links.map((l) => l.href).join(' ')}`);
    assert.ok(links.length >= 2, `TOC has at least 2 links (got ${links.length})`);
    for (const l of links) {
      assert.ok(l.href.startsWith('#'), `TOC link ${l.href} is an in-page anchor`);
      assert.match(l.target ?? 'none', /^H[2-6]$/, `TOC link ${l.href} ("${l.text}") points to a heading`);
      assert.equal(l.targetText, l.text, `TOC text matches the heading for ${l.href}`);
    }
    // Following a TOC link scrolls its heading into view.
    const last = links.at(-1);
    await page.locator(`nav.toc a[href="${last.href}"]`).click();
    await page.waitForFunction((h) => location.hash === h, last.href);
    const box = await page.evaluate((h) => {
      const r = document.getElementById(decodeURIComponent(h.slice(1))).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, innerHeight, scrollY };
    }, last.href);
    assert.ok(box.scrollY > 0 && box.top >= -1 && box.bottom <= box.innerHeight, `heading ${last.href} scrolled into view: ${JSON.stringify(box)}`);
  });

  it(`links the translation ${ARTICLE_EN} with hreflang="en"`, async () => {
    await opened();
    const tr = page.locator(`nav.translations a[href="${ARTICLE_EN}"]`);
    assert.equal(await tr.count(), 1, `nav.translations has a link to ${ARTICLE_EN}`);
    assert.equal(await tr.getAttribute('hreflang'), 'en');
    assert.equal(await tr.getAttribute('lang'), 'en');
    const other = await context.newPage();
    try {
      const res = await other.goto(servers.public.url(ARTICLE_EN));
      assert.equal(res.status(), 200, `${ARTICLE_EN} exists`);
      assert.equal(await other.evaluate(() => document.documentElement.lang), 'en');
      const back = other.locator(`nav.translations a[href="${ARTICLE}"]`);
      assert.equal(await back.getAttribute('hreflang'), 'ru', 'the English page links back with hreflang="ru"');
    } finally {
      await other.close();
    }
  });

  it('has <link rel=alternate hreflang> for ru and en', async () => {
    await opened();
    const alts = await page.locator('head link[rel="alternate"][hreflang]').evaluateAll((ls) =>
      Object.fromEntries(ls.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')])),
    );
    assert.ok(alts.ru, `hreflang="ru" alternate present (got ${JSON.stringify(alts)})`);
    assert.ok(alts.en, `hreflang="en" alternate present (got ${JSON.stringify(alts)})`);
    assert.equal(new URL(alts.ru).pathname, ARTICLE);
    assert.equal(new URL(alts.en).pathname, ARTICLE_EN);
  });

  it('has a contact box with a mailto link', async () => {
    await opened();
    const mail = page.locator('.contact a[href^="mailto:"]');
    assert.equal(await mail.count(), 1, 'one mailto link in .contact');
    const href = await mail.getAttribute('href');
    assert.match(href, /^mailto:[^@\s]+@[^@\s]+\.[a-z]+$/i, `mailto href ${href}`);
    assert.ok(await mail.isVisible(), 'the mailto link is visible');
  });

  it('public page has no internal notes or canned replies; the internal page has the note', async () => {
    await opened();
    assert.equal(await page.locator('.internal-note').count(), 0, 'public .internal-note count');
    assert.equal(await page.locator('.reply').count(), 0, 'public .reply count');
    assert.equal(await page.locator('[data-copy]').count(), 0, 'public copy buttons');

    const internal = await context.newPage();
    try {
      const res = await internal.goto(servers.internal.url(ARTICLE));
      assert.equal(res.status(), 200, `internal ${ARTICLE}`);
      const notes = internal.locator('.internal-note');
      assert.ok((await notes.count()) >= 1, 'internal page has an .internal-note');
      assert.ok(await notes.first().isVisible(), 'the internal note is visible');
      // None of the note's text leaks into the public page.
      const noteText = (await notes.first().innerText()).trim();
      const publicText = await page.locator('body').innerText();
      const leaked = noteText
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s.length > 20 && publicText.includes(s));
      assert.deepEqual(leaked, [], 'internal note lines found on the public page');
    } finally {
      await internal.close();
    }
  });
});
