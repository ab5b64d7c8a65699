// @ts-check
// frontline: the "was this helpful" rating on articles (`[data-rating]`): a
// radio group (arrow keys, Home, End) whose choice is sent once to
// `data-feedback-endpoint`.

import { sendFeedback } from './dom.js';

/** @typedef {import('./dom.js').App} App */

/**
 * @param {App} app @param {HTMLElement} box
 */
export function setupRating(app, box) {
  const { t } = app;
  const endpoint = box.dataset.feedbackEndpoint;
  const radios = /** @type {HTMLElement[]} */ ([...box.querySelectorAll('[data-rating-value]')]);
  const thanks = /** @type {HTMLElement | null} */ (box.querySelector('.rating-thanks'));
  if (!endpoint || !radios.length) return;
  box.hidden = false;
  radios.forEach((r, i) => r.setAttribute('tabindex', i === 0 ? '0' : '-1'));
  const focusAt = (/** @type {number} */ i) => {
    radios.forEach((r, j) => r.setAttribute('tabindex', j === i ? '0' : '-1'));
    radios[i].focus();
  };
  box.addEventListener('keydown', (e) => {
    const i = radios.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    if (i < 0) return;
    const n = radios.length;
    /** @type {number | null} */
    let j = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % n;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i - 1 + n) % n;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = n - 1;
    if (j !== null) {
      e.preventDefault();
      focusAt(j);
    }
  });
  for (const r of radios) {
    r.addEventListener('click', () => {
      if (box.dataset.sent) return;
      const rating = Number(r.dataset.ratingValue);
      radios.forEach((x) => {
        x.setAttribute('aria-checked', x === r ? 'true' : 'false');
        x.setAttribute('aria-disabled', 'true');
        x.setAttribute('tabindex', x === r ? '0' : '-1');
      });
      box.dataset.sent = 'true';
      sendFeedback(endpoint, { type: 'rating', rating, url: location.href, lang: app.pageLang });
      if (thanks) {
        thanks.textContent = thanks.textContent.trim() || t('thanks');
        thanks.hidden = false;
      }
    });
  }
}

