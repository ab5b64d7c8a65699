// @ts-check
// frontline search: DOM helpers shared by the search box and the search page,
// and the feedback beacons. Everything that comes from the URL or the index is
// inserted as text (textContent / text nodes), never as HTML.

import { highlightParts } from './text.js';

/**
 * @typedef {import('./engine.js').Engine} Engine
 * @typedef {import('./engine.js').Result} Result
 * @typedef {import('./engine.js').SearchResult} SearchResult
 * @typedef {(key: string, vars?: Record<string, string | number>) => string} Strings
 * @typedef {{engine: Engine, t: Strings, pageLang: string, feedback: Feedback}} App what the entry wires into every part
 */

/**
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs] `class`, `text`, or attributes
 * @param {(Node | string | null | undefined)[]} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = String(v);
    else if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Only http(s) (or relative) links from the index and the page. */
export function safeHref(/** @type {string} */ u) {
  try {
    const url = new URL(u, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? u : '#';
  } catch {
    return '#';
  }
}

/**
 * An excerpt with `<mark>` tags as text nodes and <mark> elements.
 * @param {string} tag @param {string} cls @param {unknown} excerpt
 */
export function excerptNode(tag, cls, excerpt) {
  const node = el(tag, { class: cls });
  for (const p of highlightParts(excerpt)) node.append(p.mark ? el('mark', { text: p.text }) : document.createTextNode(p.text));
  return node;
}

/**
 * Display fields of one result.
 * @param {App} app @param {Result} r
 */
export async function view(app, r) {
  const d = r.data;
  const title = (d.meta && d.meta.title) || d.url;
  const category = d.filters && d.filters.category && d.filters.category[0];
  const subs = (d.sub_results || [])
    .filter((s) => s.url && s.url.includes('#') && s.title && s.title !== title)
    .map((s) => ({ url: s.url, title: String(s.title).replace(/\s*#$/, '') })) // heading anchors render as "#"
    .slice(0, 3);
  return {
    url: safeHref(d.url),
    title,
    category: category || '',
    otherLang: r.lang !== app.pageLang ? await app.engine.langName(r.lang) : '',
    lang: r.lang,
    excerpt: d.excerpt,
    subs,
  };
}

/** Shows or hides the footer's contact box (the zero-result box replaces it). */
export function footerContact(/** @type {boolean} */ show) {
  const box = /** @type {HTMLElement | null} */ (document.querySelector('.site-footer .contact'));
  if (box) box.hidden = !show;
}

/**
 * The site's promoted articles in the page's language, as the build wrote them
 * into the search page (`<template id="search-promoted">`): suggested when
 * nothing is found.
 * @returns {Node[]}
 */
export function promotedNodes() {
  const tpl = /** @type {HTMLTemplateElement | null} */ (document.getElementById('search-promoted'));
  return tpl && tpl.content ? [tpl.content.cloneNode(true)] : [];
}

/**
 * The footer's contact box, turned into links that carry the query.
 * @param {App} app @param {string} query
 */
export function contactLinks(app, query) {
  const { t } = app;
  const links = [];
  const box = document.querySelector('.site-footer .contact-links, .contact-links');
  const anchors = box ? [...box.querySelectorAll('a[href]')] : [];
  for (const a of anchors) {
    const href = a.getAttribute('href') || '';
    if (href.startsWith('mailto:')) {
      const addr = href.slice(7).split('?')[0];
      const subject = t('mail_subject', { q: query });
      const body = t('mail_body', { q: query, url: location.href });
      const mail = `mailto:${addr}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
      links.push(el('a', { class: 'button', href: mail, 'data-contact': 'email', text: t('contact_email') }));
    } else if (/^https?:/i.test(href)) {
      const url = new URL(href);
      url.searchParams.set('q', query);
      links.push(el('a', { class: 'button', href: url.href, 'data-contact': 'url', text: t('contact_url') }));
    } else if (href.startsWith('tel:')) {
      const number = (a.textContent || '').split(':').pop()?.trim();
      links.push(el('a', { class: 'button', href, 'data-contact': 'phone', text: `${t('contact_phone')}: ${number}` }));
    }
  }
  if (!links.length) {
    const home = new URL(app.engine.root.href);
    home.searchParams.set('q', query);
    home.hash = 'contact';
    links.push(el('a', { class: 'button', href: home.href, 'data-contact': 'home', text: t('contact_home') }));
  }
  return links;
}

/** The query the results are for: the corrected one when the words were fixed or dropped. */
export function shownQuery(/** @type {SearchResult} */ res) {
  const n = res.notices;
  return n.typo || n.layout || (n.dropped && n.dropped.length) ? res.effective : res.query.trim();
}

/**
 * @param {HTMLFormElement | null} form @param {string} query
 */
export function searchPageHref(form, query) {
  const action = form?.getAttribute('action') || location.pathname;
  const url = new URL(action, location.href);
  url.search = '';
  url.searchParams.set('q', query);
  return url.pathname + url.search;
}

/**
 * "showing results for" (layout or typo fixed), "results without", "some words" lines.
 * @param {App} app @param {SearchResult} res @param {(q: string) => string} hrefFor
 */
export function noticeNodes(app, res, hrefFor) {
  const { t } = app;
  const out = [];
  const n = res.notices;
  // The results are those of the corrected query (a layout fix, a typo fix, or
  // both): one line says so and names it, as the status line does.
  const corrected = n.typo || n.layout;
  if (corrected) {
    const cls = ['search-notice', n.layout && 'search-notice-layout', n.typo && 'search-notice-typo'].filter(Boolean).join(' ');
    const quoted = t('q', { q: corrected });
    const name = n.typo ? el('a', { href: hrefFor(corrected), 'data-corrected': corrected, text: quoted }) : el('strong', { text: quoted });
    out.push(el('p', { class: cls }, `${t('showing_for')} `, name));
  }
  if (n.dropped && n.dropped.length) {
    const p = el('p', { class: 'search-notice search-notice-dropped' }, `${t('without')} `);
    n.dropped.forEach((w, i) => {
      if (i) p.append(', ');
      p.append(el('s', { text: w }));
    });
    out.push(p);
  }
  if (n.partial) out.push(el('p', { class: 'search-notice search-notice-partial', text: t('partial') }));
  return out;
}

// ------------------------------------------------------------------ feedback

/**
 * POSTs JSON (`application/json`) to the feedback endpoint so that it survives
 * the page being left. `navigator.sendBeacon` always sends credentials, so a
 * cross-origin endpoint answering `Access-Control-Allow-Origin: *` would make
 * the browser drop a JSON beacon after the preflight; a cross-origin endpoint
 * therefore gets `fetch(…, {keepalive: true, credentials: 'omit'})` (the same
 * delivery guarantee), a same-origin one a Blob beacon. Either falls back to
 * the other when unavailable.
 * @param {string | undefined} endpoint @param {object} payload
 */
export function sendFeedback(endpoint, payload) {
  if (!endpoint) return false;
  const body = JSON.stringify(payload);
  let url;
  try {
    url = new URL(endpoint, location.href);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const href = url.href;
  const beacon = () => {
    try {
      return !!navigator.sendBeacon && navigator.sendBeacon(href, new Blob([body], { type: 'application/json' }));
    } catch {
      return false;
    }
  };
  const keepalive = () => {
    try {
      if (typeof fetch !== 'function') return false;
      fetch(href, { method: 'POST', body, keepalive: true, mode: 'cors', credentials: 'omit', headers: { 'content-type': 'application/json' } }).catch(() => {});
      return true;
    } catch {
      return false;
    }
  };
  return url.origin === location.origin ? beacon() || keepalive() : keepalive() || beacon();
}

/** Failed queries, each reported once per page. */
export class Feedback {
  /** @param {Engine} engine */
  constructor(engine) {
    this.engine = engine;
    /** @type {Set<string>} queries reported (or left to the search page) */
    this.sent = new Set();
  }
  /** @param {string} query */
  async reportNoResults(query) {
    const q = query.trim();
    if (!q || this.sent.has(q)) return;
    this.sent.add(q);
    try {
      const cfg = await this.engine.loadConfig();
      if (cfg.feedback_endpoint) {
        sendFeedback(cfg.feedback_endpoint, { type: 'search_no_results', query: q, lang: this.engine.pageLang, url: location.href });
      }
    } catch {
      /* no config, nothing to send */
    }
  }
}
