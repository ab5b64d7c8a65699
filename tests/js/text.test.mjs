// Unit tests of the search UI's pure text functions (themes/default/static/search/text.js):
// `node --test tests/js/`, no browser and no build.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  convertLayout,
  correctTypo,
  formatter,
  highlightParts,
  isEdit1,
  norm,
  pseudoStem,
  relates,
  sentenceExcerpt,
  snapshot,
  synonymVariants,
  tokenize,
  typoFix,
} from '../../themes/default/static/search/text.js';

/** A vocabulary as the engine merges it: normalized word -> {word, count}. */
const vocab = (counts) => new Map(Object.entries(counts).map(([w, count]) => [norm(w), { word: w, count }]));

describe('words', () => {
  it('normalizes case, ё and Latin accents', () => {
    assert.equal(norm('Ёлка Café'), 'елка cafe');
    assert.deepEqual(tokenize('Возврат денег: 14 дней, refund!'), ['возврат', 'денег', '14', 'дней', 'refund']);
  });
  it('takes a Pagefind back-off to a short prefix for no match', () => {
    assert.ok(relates('возврат', 'возвратом'));
    assert.ok(relates('возврата', 'возврат'), 'a shared 60% prefix is the same word');
    assert.ok(!relates('возрват', 'в'));
    assert.ok(!relates('onerror', 'one'));
  });
});

describe('keyboard layout', () => {
  it('converts Latin typed in the ЙЦУКЕН layout to Russian', () => {
    assert.equal(convertLayout('ghbdtn'), 'привет');
    assert.equal(convertLayout('djpdhfn'), 'возврат');
    assert.equal(convertLayout('Ljcnfdrf'), 'Доставка');
  });
  it('converts Russian typed in the QWERTY layout to Latin', () => {
    assert.equal(convertLayout('кузфшк'), 'repair');
    assert.equal(convertLayout('руддщ'), 'hello');
  });
  it('keeps punctuation typed in the Russian layout as punctuation', () => {
    assert.equal(convertLayout('кузфшк.'), 'repair.');
  });
  it('leaves mixed scripts and chunks without letters alone', () => {
    assert.equal(convertLayout('ghbвет'), null);
    assert.equal(convertLayout('2026'), null);
  });
});

describe('typos', () => {
  const words = vocab({ возврат: 7, пароль: 5, пароли: 2, delivery: 3 });
  it('fixes one transposed, missing, extra or wrong letter', () => {
    assert.equal(correctTypo('возрват', words), 'возврат');
    assert.equal(correctTypo('возват', words), 'возврат');
    assert.equal(correctTypo('возвврат', words), 'возврат');
    assert.equal(correctTypo('deliwery', words), 'delivery');
  });
  it('prefers the most frequent word one edit away', () => {
    assert.equal(correctTypo('паролт', words), 'пароль');
  });
  it('leaves short words, words already there and two-edit words alone', () => {
    assert.equal(correctTypo('пврл', words), null);
    assert.equal(correctTypo('возврат', words), null);
    assert.equal(correctTypo('вазрват', words), null);
  });
  it('does not call another ending of a Russian word a typo', () => {
    assert.ok(isEdit1('москве', 'москва'));
    assert.ok(!typoFix('москве', 'москва'));
    assert.ok(typoFix('возрват', 'возврат'));
    assert.ok(!typoFix('deliver', 'delivery'), 'the query word is a prefix of the fix');
  });
});

describe('stems', () => {
  it('cuts a Russian inflection ending to a prefix Pagefind extends', () => {
    assert.equal(pseudoStem('деньгами'), 'деньг');
    assert.equal(pseudoStem('деньги'), 'деньг');
    assert.equal(pseudoStem('возврата'), 'возврат');
  });
  it('leaves short and Latin words as they are', () => {
    assert.equal(pseudoStem('банк'), 'банк');
    assert.equal(pseudoStem('refunds'), 'refunds');
  });
});

describe('synonyms', () => {
  it('substitutes each term of a group, multi-word terms included', () => {
    const groups = [['возврат', 'вернуть деньги'], ['пароль', 'password']];
    assert.deepEqual(synonymVariants('как вернуть деньги', groups), ['как возврат']);
    assert.deepEqual(synonymVariants('Возврат заказа', groups), ['вернуть деньги заказа']);
    assert.deepEqual(synonymVariants('сбросить пароль', groups), ['сбросить password']);
    assert.deepEqual(synonymVariants('доставка', groups), []);
  });
});

describe('highlighting', () => {
  it('marks the word, not the punctuation Pagefind marked with it', () => {
    assert.deepEqual(highlightParts('Оформите <mark>возврат.</mark> Деньги'), [
      { text: 'Оформите ', mark: false },
      { text: 'возврат', mark: true },
      { text: '.', mark: false },
      { text: ' Деньги', mark: false },
    ]);
    assert.deepEqual(highlightParts('<mark>«Возврат»,</mark>'), [
      { text: '«', mark: false },
      { text: 'Возврат', mark: true },
      { text: '»,', mark: false },
    ]);
  });
  it('keeps markup from the index as text', () => {
    assert.deepEqual(highlightParts('&lt;img onerror=x&gt; <mark>refund</mark>'), [
      { text: '<img onerror=x> ', mark: false },
      { text: 'refund', mark: true },
    ]);
    assert.deepEqual(highlightParts(undefined), []);
  });
});

describe('excerpts', () => {
  const text =
    'Заказ можно отменить в личном кабинете. Если заказ уже оплачен, оформите возврат денег в разделе «Заказы». ' +
    'Деньги вернутся за три дня. Остальное описано ниже, в разделе о возвратах и обменах товаров надлежащего качества и сроках.';
  const words = text.split(' ');
  const at = (w) => words.findIndex((x) => x.startsWith(w));
  const fragment = (...locations) => ({
    url: '/a/',
    excerpt: 'pagefind’s own',
    raw_content: text,
    locations,
    weighted_locations: locations.map((location) => ({ location, balanced_score: 1 })),
  });
  it('starts at the sentence of the first match and ends at a sentence end', () => {
    // 24 words from "Если" would end mid-sentence ("… и обменах"); it ends at the sentence end before.
    assert.equal(sentenceExcerpt(fragment(at('возврат'))), 'Если заказ уже оплачен, оформите <mark>возврат</mark> денег в разделе «Заказы». Деньги вернутся за три дня.');
  });
  it('starts a few words before the match, with "…", when the sentence began long before', () => {
    const long = Array.from({ length: 40 }, (_, i) => `слово${i}`).join(' ') + ' возврат денег.';
    const loc = 40;
    const got = sentenceExcerpt({ url: '/b/', raw_content: long, weighted_locations: [{ location: loc }] });
    assert.ok(got.startsWith('… слово34 '), got);
    assert.ok(got.includes('<mark>возврат</mark> денег.'), got);
  });
  it("falls back to Pagefind's excerpt without locations, and snapshots the marked words", () => {
    assert.equal(sentenceExcerpt({ url: '/c/', raw_content: text }), null);
    const s = snapshot({ ...fragment(at('возврат'), at('Деньги')), meta: { title: 'Возврат' }, filters: { category: ['Оплата'] } });
    assert.deepEqual(s.marked, ['возврат', 'Деньги']);
    assert.deepEqual(s.filters.category, ['Оплата']);
    assert.equal(s.meta.title, 'Возврат');
    assert.equal(snapshot({ url: '/c/', excerpt: 'own', raw_content: text }).excerpt, 'own');
  });
});

describe('UI strings', () => {
  const t = formatter({ found: '{n} results', found_one: '{n} result', q: '“{q}”' });
  it('fills placeholders, uses the n = 1 form and names a missing key', () => {
    assert.equal(t('found', { n: 3 }), '3 results');
    assert.equal(t('found', { n: 1 }), '1 result');
    assert.equal(t('q', { q: '{n} $& x' }), '“{n} $& x”', 'a query is inserted once, as it is');
    assert.equal(t('nope'), 'nope');
  });
});
