// @ts-check
// frontline search: the instant results box under every search box.

import { FIRST } from './engine.js';
import { contactLinks, el, excerptNode, noticeNodes, searchPageHref, view } from './dom.js';

/** @typedef {import('./dom.js').App} App @typedef {import('./engine.js').SearchResult} SearchResult */

const DEBOUNCE_MS = 120;
let uid = 0;

/**
 * Instant results under a search box: an accessible combobox (listbox of
 * options, ArrowUp/Down/Enter/Escape).
 * @param {App} app @param {HTMLFormElement} form @param {HTMLInputElement} input
 */
export function setupCombobox(app, form, input) {
  const { engine, t, feedback } = app;
  const id = input.id || `search-input-${++uid}`;
  input.id = id;
  const listId = `${id}-listbox`;
  const statusId = `${id}-status`;
  form.classList.add('has-search-popup');
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('autocomplete', 'off');

  const notices = el('div', { class: 'search-popup-notices' });
  const list = el('ul', { id: listId, role: 'listbox', class: 'search-listbox', 'aria-label': t('suggestions') });
  const empty = el('div', { class: 'search-popup-empty', hidden: true });
  const popup = el('div', { class: 'search-popup', hidden: true }, notices, list, empty);
  const status = el('p', { id: statusId, class: 'visually-hidden', role: 'status' });
  form.append(popup, status);

  let options = [];
  let active = -1;
  let timer = 0;
  let seq = 0;
  /** @type {SearchResult | null} */
  let lastShown = null;

  const open = () => {
    popup.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const close = () => {
    if (!popup.hidden && lastShown && !lastShown.results.length) feedback.reportNoResults(lastShown.query);
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  function setActive(i) {
    if (options[active]) options[active].setAttribute('aria-selected', 'false');
    active = i;
    if (options[active]) {
      options[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', options[active].id);
      options[active].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }
  const go = (opt) => {
    const href = opt && opt.dataset.href;
    if (!href) return;
    if (opt.dataset.kind === 'contact' || href.startsWith('mailto:')) {
      close();
      location.href = href;
    } else {
      location.assign(href);
    }
  };

  function option(kind, href, parts) {
    const i = options.length;
    const o = el('li', { id: `${id}-opt-${i}`, role: 'option', class: `search-option search-option-${kind}`, 'aria-selected': 'false', 'data-href': href, 'data-kind': kind }, ...parts);
    o.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
    o.addEventListener('click', () => go(o));
    options.push(o);
    return o;
  }

  let renders = 0;
  // `final` is false for an early list (the page language's results) that other
  // languages' results may still extend: the listbox is aria-busy until then.
  async function render(res, final = true) {
    const mine = ++renders;
    const shown = res.results.slice(0, FIRST.dropdown);
    const views = await Promise.all(shown.map((r) => view(app, r)));
    if (mine !== renders) return; // a newer list is on its way
    // The page language's results come first, the other languages' may follow:
    // the option the customer is on stays active when the list grows.
    const keep = lastShown && lastShown.query === res.query ? options[active]?.dataset.href : null;
    options = [];
    active = -1;
    input.removeAttribute('aria-activedescendant');
    notices.replaceChildren(...noticeNodes(app, res, (q) => searchPageHref(form, q)));
    list.replaceChildren();
    empty.replaceChildren();
    empty.hidden = true;
    if (views.length) {
      for (const v of views) {
        const meta = [v.category, v.otherLang].filter(Boolean).join(' · ');
        const parts = [el('span', { class: 'search-option-title', text: v.title })];
        if (meta) parts.push(el('span', { class: 'search-option-meta', text: meta }));
        parts.push(excerptNode('span', 'search-option-excerpt', v.excerpt));
        const o = option('result', v.url, parts);
        o.setAttribute('lang', v.lang);
        list.append(o);
      }
      list.append(option('all', searchPageHref(form, res.query.trim()), [el('span', { class: 'search-option-title', text: t('all_results', { q: res.query.trim() }) })]));
      status.textContent = t('found', { n: res.main.estimate() });
    } else {
      empty.hidden = false;
      empty.append(el('p', { class: 'search-empty-text', text: t('nothing', { q: res.query.trim() }) }));
      const contacts = contactLinks(app, res.query.trim());
      for (const a of contacts) {
        list.append(option('contact', a.getAttribute('href'), [el('span', { class: 'search-option-title', text: a.textContent })]));
      }
      status.textContent = t('nothing', { q: res.query.trim() });
    }
    lastShown = res;
    if (final) list.removeAttribute('aria-busy');
    else list.setAttribute('aria-busy', 'true');
    open();
    const i = keep ? options.findIndex((o) => o.dataset.href === keep) : -1;
    if (i >= 0) setActive(i);
  }

  async function update() {
    const query = input.value;
    const my = ++seq;
    if (!query.trim()) {
      lastShown = null;
      close();
      return;
    }
    try {
      const early = (part) => {
        if (my === seq && document.activeElement === input) render(part, false).catch(() => {});
      };
      const res = await engine.runSearch(query, 'dropdown', { early });
      if (my !== seq) return;
      if (document.activeElement !== input) return;
      await render(res);
    } catch (e) {
      if (my !== seq) return;
      console.warn('frontline search:', e);
      notices.replaceChildren(el('p', { class: 'search-notice', text: t('unavailable') }));
      list.replaceChildren();
      list.removeAttribute('aria-busy');
      options = [];
      open();
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE_MS);
  });
  input.addEventListener('focus', () => {
    engine.warmUp();
    if (input.value.trim() && lastShown && lastShown.query === input.value) open();
  });
  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    const n = options.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (popup.hidden) {
          if (lastShown && lastShown.query === input.value) open();
          else {
            clearTimeout(timer);
            update();
          }
        } else if (n) setActive(active + 1 >= n ? 0 : active + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!popup.hidden && n) setActive(active <= 0 ? n - 1 : active - 1);
        break;
      case 'Enter':
        if (!popup.hidden && options[active]) {
          e.preventDefault();
          go(options[active]);
        }
        break;
      case 'Escape':
        if (!popup.hidden) {
          e.preventDefault();
          close();
        }
        break;
      case 'Tab':
        close();
        break;
    }
  });
  form.addEventListener('focusout', (e) => {
    if (!form.contains(/** @type {Node | null} */ (e.relatedTarget))) close();
  });
  document.addEventListener('pointerdown', (e) => {
    if (!form.contains(/** @type {Node | null} */ (e.target))) close();
  });
  form.addEventListener('submit', () => {
    // The search page reports a failed query itself; do not send it twice.
    feedback.sent.add(input.value.trim());
  });
  window.addEventListener('pagehide', () => {
    if (lastShown && !lastShown.results.length && !popup.hidden) feedback.reportNoResults(lastShown.query);
  });
}

