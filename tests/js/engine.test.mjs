// Unit tests of the search engine (themes/default/static/search/engine.js) with
// `fetch` and `import` injected: a fake config, vocabularies and Pagefind
// (fake-pagefind.mjs). `node --test tests/js/`, no browser and no build.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../themes/default/static/search/engine.js';
import { fakePagefind } from './fake-pagefind.mjs';

const RU = [
  { url: '/a/refund/', title: 'Возврат денег', text: 'Как оформить возврат денег. Возврат занимает три дня.' },
  { url: '/a/refund-card/', title: 'Возврат на карту', text: 'Возврат на карту приходит за неделю.' },
  { url: '/a/delivery/', title: 'Доставка', text: 'Доставка курьером по городу. Деньги за доставку не вернуть.' },
  { url: '/a/password/', title: 'Пароль', text: 'Как сменить пароль в личном кабинете.' },
  { url: '/a/money/', title: 'Деньги', text: 'Куда приходят деньги после возврата заказа.' },
];
const EN = [{ url: '/en/a/refund/', title: 'Refunds', text: 'How to get a refund of your money.' }];

/** An engine on the fake site; `log` lists fetches, bundle loads and Pagefind calls in order. */
function site({ pageLang = 'ru', ru = RU, en = EN, synonyms = [] } = {}) {
  const log = [];
  const files = {
    'https://help.test/search/config.json': {
      languages: [
        { lang: 'en', name: 'English', bundle: '/pagefind/en', vocab: '/search/vocab-en.json' },
        { lang: 'ru', name: 'Русский', bundle: '/pagefind/ru', vocab: '/search/vocab-ru.json' },
      ],
      synonyms,
    },
    'https://help.test/search/vocab-ru.json': { возврат: 4, денег: 2, доставка: 2, пароль: 1, карту: 1, деньги: 2 },
    'https://help.test/search/vocab-en.json': { refund: 1, money: 1 },
  };
  const bundles = { 'https://help.test/pagefind/ru/pagefind.js': ru, 'https://help.test/pagefind/en/pagefind.js': en };
  const engine = new Engine({
    root: new URL('https://help.test/'),
    pageLang,
    fetch: async (url) => {
      log.push(`fetch ${url.replace('https://help.test', '')}`);
      return url in files ? { ok: true, status: 200, json: async () => files[url] } : { ok: false, status: 404, json: async () => ({}) };
    },
    importModule: async (url) => {
      log.push(`import ${url.replace('https://help.test', '')}`);
      return fakePagefind(bundles[url], log);
    },
  });
  return { engine, log };
}

const urls = (res) => res.results.map((r) => r.url);

describe('engine', () => {
  it("searches the page's language first, in Pagefind's order, and leaves the other bundles unloaded when it fills the list", async () => {
    const { engine, log } = site();
    const res = await engine.runSearch('возврат', 'dropdown');
    assert.deepEqual(urls(res), ['/a/refund/', '/a/refund-card/', '/a/money/']);
    assert.deepEqual(res.notices, {});
    const many = site({ ru: Array.from({ length: 6 }, (_, i) => ({ url: `/a/${i}/`, title: `${i}`, text: `возврат ${i}` })) });
    const full = await many.engine.runSearch('возврат', 'dropdown');
    assert.equal(full.results.length, 5);
    assert.ok(full.other, 'the other languages are left to be pulled');
    assert.ok(!many.log.includes('import /pagefind/en/pagefind.js'), many.log.join('\n'));
    assert.equal(many.log.filter((l) => l.startsWith('data ')).length, 5, 'one fragment per result shown');
    assert.ok(!log.some((l) => l.includes('vocab')), 'a query that finds something fetches no vocabulary');
  });

  it('fills a short list from the other languages, labelled by language', async () => {
    const { engine } = site({ pageLang: 'en' });
    const res = await engine.runSearch('refund', 'page');
    assert.deepEqual(res.results.map((r) => r.lang), ['en']);
    const ru = await engine.runSearch('деньги', 'page');
    assert.deepEqual(urls(ru), ['/a/delivery/', '/a/money/'], 'the English bundle has none: the Russian ones fill the list');
    assert.equal(await engine.langName('ru'), 'Русский');
  });

  it('discards pages Pagefind matched on a backed-off prefix and fixes the typo from the vocabulary', async () => {
    const { engine, log } = site();
    const res = await engine.runSearch('возрват', 'page');
    assert.equal(res.notices.typo, 'возврат');
    assert.equal(res.effective, 'возврат');
    assert.deepEqual(urls(res), ['/a/refund/', '/a/refund-card/', '/a/money/']);
    assert.ok(log.includes('fetch /search/vocab-ru.json'), 'nothing found: the vocabularies are fetched');
  });

  it('converts a query typed in the wrong keyboard layout', async () => {
    const { engine } = site();
    const res = await engine.runSearch('gfhjkm', 'dropdown');
    assert.equal(res.notices.layout, 'пароль');
    assert.deepEqual(urls(res), ['/a/password/']);
  });

  it('drops words no page has, and finds pages with some of the words when none has all', async () => {
    const { engine } = site();
    const dropped = await engine.runSearch('пароль абракадабра', 'page');
    assert.deepEqual(dropped.notices.dropped, ['абракадабра']);
    assert.deepEqual(urls(dropped), ['/a/password/']);
    const partial = await engine.runSearch('пароль карту', 'page');
    assert.equal(partial.notices.partial, true);
    assert.deepEqual(new Set(urls(partial)), new Set(['/a/password/', '/a/refund-card/']));
  });

  it('adds the results of synonyms after the query’s own', async () => {
    const { engine } = site({ synonyms: [['пароль', 'кабинет']] });
    const res = await engine.runSearch('кабинет', 'page');
    assert.deepEqual(urls(res), ['/a/password/']);
    const own = await site({ synonyms: [['доставка', 'возврат']] }).engine.runSearch('доставка', 'page');
    assert.deepEqual(urls(own), ['/a/delivery/', '/a/refund/', '/a/refund-card/', '/a/money/']);
  });

  it('finds nothing for a query of no words, and says nothing else', async () => {
    const { engine, log } = site();
    assert.deepEqual(urls(await engine.runSearch('  ?! ', 'page')), []);
    assert.deepEqual(log, [], 'not even the config is fetched');
    const none = await engine.runSearch('абракадабра', 'page');
    assert.deepEqual(urls(none), []);
    assert.deepEqual(none.notices, {});
  });
});
