// @ts-check
// frontline search: the search page (`#search-results` under the page's form).

import { contactLinks, el, excerptNode, footerContact, noticeNodes, promotedNodes, safeHref, searchPageHref, shownQuery, view } from './dom.js';

/**
 * @typedef {import('./dom.js').App} App
 * @typedef {import('./engine.js').Result} Result
 * @typedef {import('./engine.js').ResultList} ResultList
 * @typedef {{list: HTMLElement, more: HTMLButtonElement, show(items: Result[]): Promise<HTMLElement | null>}} PagedList
 */

const PAGE_STEP = 10; // more results per "show more"
const DEBOUNCE_MS = 120;
/**
 * The search page: reads `?q=` and renders full results, "show more", the
 * other languages' block and the zero-result contact box.
 * @param {App} app @param {HTMLFormElement} form @param {HTMLInputElement} input @param {HTMLElement} container
 */
export function setupSearchPage(app, form, input, container) {
  const { engine, t, feedback } = app;
  const status = el('p', { class: 'search-status', role: 'status' });
  const body = el('div', { class: 'search-body' });
  container.replaceChildren(status, body);
  let seq = 0;
  let timer = 0;

  async function show(query, { report }) {
    const my = ++seq;
    const q = query.trim();
    if (!q) {
      status.textContent = '';
      body.replaceChildren();
      return;
    }
    status.textContent = t('searching');
    status.classList.remove('visually-hidden');
    container.setAttribute('aria-busy', 'true');
    // The page language's results are shown as soon as they are there; the
    // other languages' (when they are needed to fill the page) follow.
    /** @type {Promise<PagedList> | null} */
    let early = null;
    const onEarly = (part) => {
      early = (async () => {
        const paged = pagedList(part.main);
        await paged.show(part.results);
        if (my === seq) body.replaceChildren(paged.list);
        return paged;
      })();
    };
    let res;
    try {
      res = await engine.runSearch(query, 'page', { early: onEarly });
    } catch (e) {
      console.warn('frontline search:', e);
      if (my === seq) {
        status.textContent = t('unavailable');
        body.replaceChildren();
        container.removeAttribute('aria-busy');
      }
      return;
    }
    if (my !== seq) return;
    const hrefFor = (x) => searchPageHref(form, x);
    const nodes = noticeNodes(app, res, hrefFor);
    status.classList.toggle('visually-hidden', !res.results.length); // the box below says it
    if (!res.results.length) {
      status.textContent = t('nothing', { q: q });
      const box = el(
        'section',
        { class: 'search-empty contact', 'aria-labelledby': 'search-empty-title' },
        el('h2', { id: 'search-empty-title', class: 'search-empty-text', text: t('nothing', { q: q }) }),
        el('p', { text: t('nothing_hint') }),
        el('ul', { class: 'contact-links' }, ...contactLinks(app, q).map((a) => el('li', {}, a))),
      );
      body.replaceChildren(...nodes, box, ...promotedNodes());
      footerContact(false); // this box is the page's one contact box
      container.removeAttribute('aria-busy');
      if (report) feedback.reportNoResults(q);
      return;
    }
    footerContact(true);
    const paged = (early && (await early)) || pagedList(res.main);
    await paged.show(res.results);
    if (my !== seq) return;
    status.textContent = t('found_for', { n: res.main.estimate(), q: shownQuery(res) });
    /** @type {HTMLElement[]} */
    const after = [paged.more];
    if (res.other) after.push(await otherLanguages(res.other));
    if (my !== seq) return;
    if (paged.list.parentNode === body) {
      // Shown early: keep the list (and any focus in it) where it is.
      paged.list.before(...nodes);
      paged.list.after(...after);
    } else {
      body.replaceChildren(...nodes, paged.list, ...after);
    }
    container.removeAttribute('aria-busy');
  }

  /**
   * An <ol> of results from `stream` with a "show more" button that pulls the next ones.
   * @param {ResultList} stream
   * @returns {PagedList}
   */
  function pagedList(stream) {
    const list = el('ol', { class: 'search-result-list' });
    const more = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'search-more', text: t('more'), hidden: true }));
    let shown = 0;
    /**
     * Appends the results not shown yet; returns the first new <li>.
     * @param {Result[]} items
     */
    async function show(items) {
      const added = [];
      for (const r of items.slice(shown)) added.push(await resultItem(r));
      shown = Math.max(shown, items.length);
      list.append(...added);
      more.hidden = stream.done ? shown >= stream.items.length : stream.estimate() <= shown;
      return added[0] || null;
    }
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const li = await show(await stream.fill(shown + PAGE_STEP));
        if (li) li.querySelector('a')?.focus();
        else more.hidden = true;
      } catch (e) {
        console.warn('frontline search:', e);
      } finally {
        more.disabled = false;
      }
    });
    return { list, more, show };
  }

  /**
   * Results in the other languages when the page language filled the first
   * page: their bundles load when this block is scrolled into view or its
   * button is pressed, not with the first query.
   */
  async function otherLanguages(stream) {
    const names = (await engine.languages()).slice(1).map((l) => l.name || l.lang).join(', ');
    const box = el('div', { class: 'search-other' });
    const button = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'search-more search-other-button', text: t('other_langs', { names }) }));
    box.append(button);
    /** @type {Promise<void> | null} */
    let loading = null;
    /** @type {IntersectionObserver | null} */
    let observer = null;
    const load = (/** @type {boolean} */ focus) =>
      (loading ??= (async () => {
        observer?.disconnect();
        button.disabled = true;
        box.setAttribute('aria-busy', 'true');
        /** @type {Result[]} */
        let items;
        try {
          items = await stream.fill(PAGE_STEP);
        } catch (e) {
          console.warn('frontline search:', e);
          box.replaceChildren(el('p', { class: 'search-status', text: t('unavailable') }));
          box.removeAttribute('aria-busy');
          return;
        }
        const paged = pagedList(stream);
        await paged.show(items);
        const text = items.length ? t('other_found', { n: stream.estimate(), names }) : t('other_none', { names });
        const note = el('p', { class: 'search-status search-other-status', tabindex: '-1', text });
        box.replaceChildren(note, ...(items.length ? [paged.list, paged.more] : []));
        box.removeAttribute('aria-busy');
        if (focus) (paged.list.querySelector('a') || note).focus(); // the pressed button is gone
      })());
    button.addEventListener('click', () => load(true));
    if (typeof IntersectionObserver === 'function') {
      observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) load(false);
      });
      observer.observe(box);
    }
    return box;
  }

  async function resultItem(r) {
    const v = await view(app, r);
    const li = el('li', { class: 'search-result', lang: v.lang });
    li.append(el('h2', { class: 'search-result-title' }, el('a', { href: v.url, text: v.title })));
    const meta = el('p', { class: 'search-result-meta' });
    if (v.category) meta.append(el('span', { class: 'search-result-category', text: v.category }));
    if (v.otherLang) meta.append(el('span', { class: 'search-result-lang', text: v.otherLang }));
    if (meta.childNodes.length) li.append(meta);
    li.append(excerptNode('p', 'search-result-excerpt', v.excerpt));
    if (v.subs.length) {
      const subs = el('ul', { class: 'search-result-subs', 'aria-label': t('sections') });
      for (const s of v.subs) {
        subs.append(el('li', {}, el('a', { href: safeHref(s.url), text: s.title })));
      }
      li.append(subs);
    }
    return li;
  }

  const fromUrl = () => new URLSearchParams(location.search).get('q') || '';
  const q0 = fromUrl();
  input.value = q0;
  if (q0.trim()) show(q0, { report: true });
  else engine.warmUp();

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const url = new URL(location.href);
      if (input.value.trim()) url.searchParams.set('q', input.value);
      else url.searchParams.delete('q');
      history.replaceState(null, '', url);
      show(input.value, { report: false });
    }, DEBOUNCE_MS);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const url = new URL(location.href);
    url.searchParams.set('q', input.value);
    if (fromUrl() !== input.value) history.pushState(null, '', url);
    show(input.value, { report: true });
  });
  window.addEventListener('popstate', () => {
    input.value = fromUrl();
    show(input.value, { report: false });
  });
}

