// frontline default theme: search UI on Pagefind's JS API (ES module, no
// dependencies, no external requests).
//
//  - every `form.search-form` gets instant results in an accessible combobox
//    (listbox of options, ArrowUp/Down/Enter/Escape);
//  - the search page (`#search-results`) reads `?q=` and renders full results;
//  - "was this helpful" ratings on articles (`[data-rating]`).
//
// Query help, in the order it is tried: the page language's bundle is
// searched first, the other languages' when it has too few results (others
// labelled); each synonym group from site.yaml is substituted into the query;
// Pagefind results whose marked words do not really match a query word
// (Pagefind backs off to a shorter indexed word for unknown words) are
// discarded; Russian inflection is relaxed to stem prefixes when little is
// found. When nothing is found, each word is checked against the vocabularies
// and the index: words typed in the wrong keyboard layout are converted, 5+
// letter typos are corrected (edit distance 1), words found nowhere are
// dropped, and a multi-word query no page matches completely falls back to
// pages that match some of the words. Everything that comes from the URL or
// the index is inserted as text (textContent / text nodes), never as HTML.
// What is loaded when: see "the engine" below.

const ROOT = new URL('../', import.meta.url); // this file is /assets/search.js
const PAGE_LANG = (document.documentElement.lang || 'en').toLowerCase().split('-')[0];

const STRINGS = {
  ru: {
    q: (s) => `«${s}»`,
    searching: 'Ищем…',
    found: (n) => `Найдено: ${n}`,
    foundFor: (n, q) => `Найдено: ${n} по запросу «${q}»`,
    nothing: (q) => `По запросу «${q}» ничего не найдено.`,
    nothingHint: 'Попробуйте другие слова или напишите нам — ответит живой человек.',
    showingFor: 'Показаны результаты для',
    without: 'Результаты без слов:',
    partial: 'Ни одна статья не содержит все слова запроса — показаны статьи, где есть часть из них.',
    allResults: (q) => `Все результаты по запросу «${q}»`,
    suggestions: 'Подсказки поиска',
    contactEmail: 'Написать в поддержку',
    contactUrl: 'Форма обращения',
    contactPhone: 'Позвонить',
    contactHome: 'Связаться с поддержкой',
    mailSubject: (q) => `Не нашлось ответа: ${q}`,
    mailBody: (q, url) => `Запрос в поиске: ${q}\nСтраница: ${url}\n\n`,
    unavailable: 'Поиск сейчас недоступен. Попробуйте обновить страницу.',
    more: 'Показать ещё',
    sections: 'Разделы статьи',
    thanks: 'Спасибо за оценку!',
    otherLangs: (names) => `Результаты на других языках: ${names}`,
    otherFound: (n, names) => `На других языках (${names}): ${n}`,
    otherNone: (names) => `На других языках (${names}) ничего не найдено.`,
  },
  en: {
    q: (s) => `“${s}”`,
    searching: 'Searching…',
    found: (n) => `${n} result${n === 1 ? '' : 's'}`,
    foundFor: (n, q) => `${n} result${n === 1 ? '' : 's'} for “${q}”`,
    nothing: (q) => `Nothing found for “${q}”.`,
    nothingHint: 'Try other words, or write to us — a real person will answer.',
    showingFor: 'Showing results for',
    without: 'Results without:',
    partial: 'No article contains all the words; showing articles that contain some of them.',
    allResults: (q) => `All results for “${q}”`,
    suggestions: 'Search suggestions',
    contactEmail: 'Email support',
    contactUrl: 'Contact form',
    contactPhone: 'Call us',
    contactHome: 'Contact support',
    mailSubject: (q) => `Couldn't find an answer: ${q}`,
    mailBody: (q, url) => `I searched for: ${q}\nPage: ${url}\n\n`,
    unavailable: 'Search is unavailable right now. Try reloading the page.',
    more: 'Show more',
    sections: 'Sections of the article',
    thanks: 'Thank you for your feedback!',
    otherLangs: (names) => `Results in other languages: ${names}`,
    otherFound: (n, names) => `In other languages (${names}): ${n}`,
    otherNone: (names) => `Nothing found in other languages (${names}).`,
  },
};
const T = STRINGS[PAGE_LANG] || STRINGS.en;

const PAGE_STEP = 10; // more results per "show more"
const DEBOUNCE_MS = 120;

// ---------------------------------------------------------------- text utils

/** Lower-case, `ё` -> `е`, Latin letters without accents: how words are compared. */
function norm(s) {
  return String(s).toLowerCase().replace(/ё/g, 'е').normalize('NFD').replace(/([a-z])[\u0300-\u036f]+/g, '$1').normalize('NFC');
}

/** Words of a string (letters and digits), normalized. */
function tokenize(s) {
  return norm(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

const isStrong = (t) => t.length >= 3;
const CYR = /[\u0400-\u04ff]/;
const LAT = /[a-z]/i;

function commonPrefix(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Does an indexed word `m` really match the query word `t`? Pagefind matches
 * prefixes and stems; for an unknown word it backs off to ever shorter
 * prefixes ("onerror" -> "one", "возрват" -> "в"), which is not a match.
 */
function relates(t, m) {
  if (m.startsWith(t)) return true;
  if (t.length < 3) return false;
  return commonPrefix(t, m) >= Math.max(3, Math.ceil(t.length * 0.6));
}

/** Pagefind excerpts: `<mark>` tags around words, `<` and `>` as entities. */
function decodeExcerptText(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

// ------------------------------------------------------------ keyboard layout

const EN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,./`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?~@#$^&";
const RU_KEYS = 'йцукенгшщзхъфывапролджэячсмитьбю.ёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,Ё"№;:?';
const TO_RU = new Map();
const TO_EN = new Map();
for (let i = 0; i < EN_KEYS.length; i++) {
  TO_RU.set(EN_KEYS[i], RU_KEYS[i]);
  // Cyrillic letters map back; "." and "," typed in the Russian layout are
  // far more often punctuation than the "/" and "?" keys.
  if (CYR.test(RU_KEYS[i])) TO_EN.set(RU_KEYS[i], EN_KEYS[i]);
}

/**
 * A chunk typed in the wrong layout: Latin-only -> ЙЦУКЕН, Cyrillic-only ->
 * QWERTY (whole chunk, punctuation keys included). Returns null when the chunk
 * mixes scripts or has no letters.
 */
function convertLayout(chunk) {
  const hasCyr = CYR.test(chunk);
  const hasLat = LAT.test(chunk);
  if (hasCyr === hasLat) return null;
  const map = hasLat ? TO_RU : TO_EN;
  let out = '';
  for (const ch of chunk) out += map.get(ch) ?? ch;
  return out === chunk ? null : out;
}

// ------------------------------------------------------------------- typos

const ALPHABETS = {
  cyr: 'абвгдежзийклмнопрстуфхцчшщъыьэюя',
  lat: 'abcdefghijklmnopqrstuvwxyz',
};

/** Vocabulary words at Damerau distance 1 from `w`; the most frequent wins. */
function correctTypo(w, vocab) {
  if (w.length < 5 || !/^\p{L}+$/u.test(w)) return null;
  const alphabet = CYR.test(w) ? ALPHABETS.cyr : /^[a-z]+$/.test(w) ? ALPHABETS.lat : null;
  if (!alphabet) return null;
  let best = null;
  const consider = (c) => {
    if (c === w) return;
    const e = vocab.get(c);
    if (!e) return;
    if (!best || e.count > best.count || (e.count === best.count && e.word < best.word)) best = e;
  };
  for (let i = 0; i < w.length; i++) consider(w.slice(0, i) + w.slice(i + 1)); // deletion
  for (let i = 0; i + 1 < w.length; i++) consider(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)); // transposition
  for (let i = 0; i < w.length; i++) {
    for (const ch of alphabet) consider(w.slice(0, i) + ch + w.slice(i + 1)); // substitution
  }
  for (let i = 0; i <= w.length; i++) {
    for (const ch of alphabet) consider(w.slice(0, i) + ch + w.slice(i)); // insertion
  }
  return best ? best.word : null;
}

/** Damerau (optimal string alignment) distance between a and b is exactly 1. */
function isEdit1(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// Russian inflection endings: "москве"/"москва" is one word, not a typo.
const RU_ENDINGS = new Set(
  ('а я о е ы и у ю ь й ом ем ой ей ам ям ах ях ов ев ий ый ая яя ое ее ые ие ую юю ия ию ии ье ья ью ' +
    'ого его ому ему ыми ими ами ями ешь ет ем ете ут ют ит им ите ат ят ть ся сь ла ло ли')
    .split(' ')
    .concat(['']),
);
function sameWordOtherEnding(a, b) {
  if (!CYR.test(a)) return false;
  const i = commonPrefix(a, b);
  return i >= 3 && RU_ENDINGS.has(a.slice(i)) && RU_ENDINGS.has(b.slice(i));
}

/** `t` -> `m` is a plausible spelling fix, not the same word with another ending. */
const typoFix = (t, m) => isEdit1(t, m) && !(t.startsWith(m) && t.length - m.length <= 3) && !m.startsWith(t) && !sameWordOtherEnding(t, m);

/**
 * Typos Pagefind found anyway: for a word it does not know it backs off to
 * the longest indexed word the query word starts with ("deliverry" ->
 * "deliver"), so results exist, but the word itself is on no page. For a 5+
 * letter word that no matched word starts with: the most frequent matched
 * word one edit away is what the customer meant — unless the word is in the
 * index as typed (an inflected form whose stem Pagefind matched). Only the
 * results shown are looked at (their fragments are loaded anyway), and the
 * index is asked instead of the vocabularies, so a query that finds something
 * does not fetch them; a fix that no shown result contains is left to the
 * customer.
 */
async function typoFromMatches(query, results) {
  const terms = tokenize(query);
  const key = terms.join(' ');
  const suspects = terms.map((t, i) => {
    if (t.length < 5 || !/^\p{L}+$/u.test(t)) return null;
    const counts = new Map();
    for (const r of results) {
      if (r.terms.join(' ') !== key) continue;
      for (const m of r.matches[i] || []) counts.set(m, (counts.get(m) || 0) + 1);
    }
    return [...counts.keys()].some((m) => m.startsWith(t)) ? null : counts;
  });
  if (!suspects.some(Boolean)) return null;
  let changed = false;
  const fixed = [];
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    let best = null;
    for (const [m, n] of suspects[i] || []) if (typoFix(t, m) && (!best || n > best[1])) best = [m, n];
    const c = best ? best[0] : suspects[i] && vocabLoaded ? correctTypo(t, vocabLoaded) : null;
    if (!c || !typoFix(t, norm(c)) || (await isIndexed(t))) {
      fixed.push(t);
      continue;
    }
    changed = true;
    fixed.push(norm(c));
  }
  return changed ? fixed.join(' ') : null;
}

/**
 * Is `word` itself in the content? The vocabularies when they are loaded,
 * else Pagefind's exact search ("word": no prefix extension, no back-off) in
 * the bundles already loaded; it needs the index chunk of that word, which
 * the query's own search has loaded.
 */
async function isIndexed(word) {
  if (vocabLoaded) return vocabLoaded.has(word);
  const found = await Promise.all(
    [...bundles.values()].map(async (loading) => {
      const pf = await loading;
      if (!pf) return false;
      const r = await pf.search(`"${word}"`);
      return !!(r && r.results.length);
    }),
  );
  return found.some(Boolean);
}


/** Crude Russian stem for the relaxed pass: Pagefind matches it as a prefix. */
function pseudoStem(w) {
  if (!CYR.test(w) || w.length < 5) return w;
  const m = w.match(/^(.{3,}?)(?:иями|ями|ами|ого|его|ому|ему|ыми|ими|ией|ах|ях|ов|ев|ей|ий|ый|ой|ая|яя|ое|ее|ые|ие|ом|ем|ам|ям|ую|юю|ию|ия|ье|ья|а|я|о|е|ы|и|у|ю|ь|й)$/u);
  const stem = m ? m[1] : w.slice(0, Math.max(3, w.length - 2));
  return stem.length < w.length ? stem : w;
}

// --------------------------------------------------------------- the engine
//
// What a query loads, and when (figures for 10,000 articles in README.md →
// Search): search/config.json, then the page language's bundle only
// (pagefind.js, its wasm, its metadata, the index chunks of the query's words)
// and one fragment per result shown — 5 under a search box, 10 on /search/,
// 10 more per "show more". The other languages' bundles are loaded when the
// page language has fewer results than that (they fill the list), when it has
// none (the query help must know whether any language has the words), and on
// /search/ when the customer scrolls to or asks for "other languages". The
// vocabularies (search/vocab-<lang>.json, all words of a language) are fetched
// only for a query that finds nothing.

let configPromise = null;
function loadConfig() {
  configPromise ??= fetch(new URL('search/config.json', ROOT))
    .then((r) => {
      if (!r.ok) throw new Error(`search/config.json: HTTP ${r.status}`);
      return r.json();
    })
    .catch((e) => {
      configPromise = null; // try again on the next search
      throw e;
    });
  return configPromise;
}

const siteUrl = (p) => new URL(String(p).replace(/^\/+/, ''), ROOT).href;

/** Languages to search, the page's language first, with their display names. */
async function languages() {
  const cfg = await loadConfig();
  const langs = (cfg.languages || []).slice();
  langs.sort((a, b) => (b.lang === PAGE_LANG) - (a.lang === PAGE_LANG));
  return langs;
}

const bundles = new Map(); // lang -> Promise<pagefind module | null>
function bundle(l) {
  if (!bundles.has(l.lang)) {
    bundles.set(
      l.lang,
      (async () => {
        try {
          // Distinct URLs are distinct module instances: one Pagefind per
          // language (each has its own wasm, with its language's stemmer).
          const pf = await import(siteUrl(l.bundle).replace(/\/?$/, '/') + 'pagefind.js');
          // No web worker: it would be one more script per language on the
          // first query (pagefind-worker.js, 43 KiB, 12 KiB gzipped), and a
          // search in loaded index chunks takes milliseconds on the main thread.
          await pf.options({ excerptLength: EXCERPT_WORDS, noWorker: true });
          await pf.init();
          // Internal site: the public index is reused as it is, and a small
          // second index holds only the pages that differ (runbooks, internal
          // articles, articles with internal notes); Pagefind merges them.
          if (l.extra_bundle) await pf.mergeIndex(siteUrl(l.extra_bundle).replace(/\/?$/, '/'));
          return pf;
        } catch (e) {
          console.warn(`frontline search: no index for ${l.lang}`, e);
          return null;
        }
      })(),
    );
  }
  return bundles.get(l.lang);
}

let vocabPromise = null;
let vocabLoaded = null; // the merged vocabularies, once fetched
/** All languages' vocabularies merged: normalized word -> {word, count}. */
function vocabulary() {
  vocabPromise ??= (async () => {
    const map = new Map();
    const files = await Promise.all(
      (await languages())
        .filter((l) => l.vocab)
        .map((l) =>
          fetch(siteUrl(l.vocab))
            .then((r) => (r.ok ? r.json() : {}))
            .catch((e) => {
              console.warn(`frontline search: vocabulary ${l.vocab}`, e);
              return {};
            }),
        ),
    );
    for (const words of files) {
      for (const [w, c] of Object.entries(words)) {
        const k = norm(w);
        const e = map.get(k);
        if (e) e.count += c;
        else map.set(k, { word: w, count: c });
      }
    }
    vocabLoaded = map;
    return map;
  })();
  return vocabPromise;
}

/** Pagefind's results for a query in one language (index chunks only, no fragments); cached. */
const rawSearches = new Map();
function rawSearch(l, query) {
  const key = `${l.lang}\u0000${query}`;
  if (!rawSearches.has(key)) {
    const run = (async () => {
      const pf = await bundle(l);
      if (!pf) return [];
      const r = await pf.search(query);
      return r ? r.results : [];
    })();
    run.catch(() => rawSearches.delete(key)); // try again on the next search
    rawSearches.set(key, run);
  }
  return rawSearches.get(key);
}

/**
 * `result.data()`, one call at a time per page, copied: Pagefind caches a
 * page's fragment object and writes each search's match locations and excerpt
 * onto that shared object, so two calls for the same page (say, from a query
 * and its synonym variant) would otherwise see each other's.
 */
const dataLocks = new Map();
function pageData(lang, result) {
  const key = `${lang}:${result.id}`;
  const run = (dataLocks.get(key) || Promise.resolve()).then(() => result.data()).then(snapshot);
  dataLocks.set(key, run.catch(() => {}));
  return run;
}

/** What the UI uses of a fragment: display fields and the words at the match locations. */
function snapshot(d) {
  const words = String(d.raw_content ?? d.content ?? '').split(/[\r\n\s]+/g);
  const category = d.filters && d.filters.category;
  return {
    url: d.url,
    excerpt: sentenceExcerpt(d) ?? d.excerpt,
    meta: { title: d.meta && d.meta.title },
    filters: { category: Array.isArray(category) ? category.slice() : [] },
    sub_results: (d.sub_results || []).map((s) => ({ url: s.url, title: s.title })),
    marked: (d.locations || []).map((loc) => words[loc] || ''),
  };
}

const EXCERPT_WORDS = 24; // Pagefind's excerptLength, set in bundle()
// An excerpt starts at the sentence of its first match when that begins at most this many words before it…
const SENTENCE_LEAD = 20;
// …else this many words before it, with "…".
const WORD_LEAD = 6;
const SENTENCE_END = /[.!?…]["'»”’)\]]*$/u;

/** Pagefind's densest window of `EXCERPT_WORDS` words (lib/excerpt.ts): its start. */
function excerptRegion(weight) {
  if (weight.length <= EXCERPT_WORDS) return 0;
  let sum = 0;
  for (let i = 0; i < EXCERPT_WORDS; i++) sum += weight[i] || 0;
  let best = sum;
  let at = [0];
  for (let i = 0; i < weight.length; i++) {
    sum += (weight[i + EXCERPT_WORDS] || 0) - (weight[i] || 0);
    if (sum > best) [best, at] = [sum, [i]];
    else if (sum === best && at[at.length - 1] === i - 1) at.push(i);
  }
  return at[Math.floor(at.length / 2)];
}

/**
 * Pagefind's excerpt starts wherever its densest window of matches starts, often
 * mid-sentence. The same window (Pagefind's words, matches and weights), started at
 * the sentence of its first match (or a few words before the match, with "…"), and
 * ended at a sentence end when one is near (else with "…"). Null when the fragment
 * lacks what it takes: Pagefind's excerpt is shown then.
 */
function sentenceExcerpt(d) {
  const text = d.raw_content;
  const locs = (d.weighted_locations || []).filter((l) => Number.isInteger(l.location) && l.location >= 0);
  if (typeof text !== 'string' || !locs.length || text.includes('\u200B')) return null;
  const words = text.split(/[^\S\uFEFF]+/g);
  const weight = [];
  for (const l of locs) weight[l.location] = (weight[l.location] || 0) + (l.balanced_score || 1);
  const start = excerptRegion(weight);
  const sorted = locs.map((l) => l.location).sort((a, b) => a - b);
  const first = sorted.find((k) => k >= start) ?? sorted[0];
  const isStart = (k) => k === 0 || SENTENCE_END.test(words[k - 1]);
  let from = first;
  while (from > 0 && !isStart(from) && first - from < SENTENCE_LEAD) from--;
  if (!isStart(from)) from = Math.max(0, first - WORD_LEAD);
  let to = Math.min(words.length, Math.max(from + EXCERPT_WORDS, first + WORD_LEAD));
  for (let k = to; k > first && k > to - WORD_LEAD * 2; k--) {
    if (SENTENCE_END.test(words[k - 1])) {
      to = k;
      break;
    }
  }
  const marked = new Set(sorted);
  const shown = words.slice(from, to).map((w, i) => (marked.has(from + i) && w ? `<mark>${w}</mark>` : w));
  const pre = isStart(from) ? '' : '… ';
  const post = to < words.length && !SENTENCE_END.test(words[to - 1]) ? ' …' : '';
  return `${pre}${shown.join(' ').trim()}${post}`;
}

/**
 * A Pagefind result with its fragment loaded and checked: `full` when every
 * query word is really matched by one of the marked words. Null when the
 * fragment does not load.
 */
function checkResult(l, r, terms) {
  return pageData(l.lang, r).then(
    (data) => {
      const marked = new Set();
      for (const w of data.marked) for (const t of tokenize(decodeExcerptText(w))) marked.add(t);
      const matches = terms.map((t) => [...marked].filter((m) => relates(t, m)));
      const full = terms.length > 0 && matches.every((m) => m.length);
      return { lang: l.lang, id: r.id, url: data.url, score: r.score, data, terms, matches, full };
    },
    () => null,
  );
}

/** One query in one language: Pagefind's results and the checks done so far; cached. */
const variantStates = new Map();
function variantState(l, query, terms) {
  const key = `${l.lang}\u0000${query}\u0000${terms.join(' ')}`;
  let s = variantStates.get(key);
  if (!s) {
    s = { l, terms, raw: rawSearch(l, query), checks: [] };
    s.raw.catch(() => variantStates.delete(key));
    variantStates.set(key, s);
  }
  return s;
}

// A query variant is given up after this many results in a row fail the check.
const MISS_LIMIT = 3;

/**
 * Checked full matches of one query variant, in Pagefind's order, skipping
 * pages already yielded (`seen`). A result is checked when it is about to be
 * shown, so only shown results cost a fragment; `ctx.want` (how many more the
 * caller needs) is how many fragments are fetched in parallel.
 *
 * Trade-off: checking all of the top 30 results per language (as this UI
 * once did) cost ~60 fragments (~200 KiB) per query. Instead the check runs
 * in display order and a variant is given up after MISS_LIMIT failures in a
 * row. For a word Pagefind does not know it backs off to the longest indexed
 * word the query word starts with ("возрват" -> "в"), the same stand-in for
 * every result, so if the top results fail, the rest fail too; a real match
 * ranked below three false ones in a row is lost. Result counts are Pagefind's
 * counts minus the results found false so far, not checked counts.
 */
async function* variantResults(ctx, st, seen) {
  const { raw, s } = st;
  const check = (i) =>
    (s.checks[i] ??= checkResult(s.l, raw[i], s.terms).then((r) => {
      if (!r) delete s.checks[i]; // the fragment did not load: try again next time
      return r;
    }));
  let confirmed = false;
  let misses = 0;
  while (st.next < raw.length) {
    const i = st.next;
    if (seen.has(raw[i].id)) {
      st.next++;
      continue;
    }
    // Fetch the next fragments together: as many as the caller still needs,
    // at most MISS_LIMIT until one result of this variant has passed.
    const ahead = Math.max(1, confirmed ? ctx.want : Math.min(ctx.want, MISS_LIMIT));
    for (let j = i, n = 0; j < raw.length && n < ahead; j++) {
      if (!seen.has(raw[j].id)) {
        check(j);
        n++;
      }
    }
    const r = await check(i);
    st.next++;
    seen.urls ??= new Set(); // page URLs yielded (ids differ between merged indexes)
    if (r && r.full && seen.urls.has(r.url)) {
      // Same page from the internal site's second index: shown once.
      continue;
    }
    if (r && r.full) {
      confirmed = true;
      misses = 0;
      seen.add(r.id);
      seen.urls.add(r.url);
      yield r;
    } else if (++misses >= MISS_LIMIT) {
      st.dropped = true;
      return;
    }
  }
}

/**
 * Full matches in one language, best first: the query's own results, then
 * each synonym variant's, then — when fewer than 3 were found — the relaxed
 * stems' (Russian inflection Pagefind's stemmer does not join: денег /
 * деньги; checked against the query's own words).
 */
async function* langResults(ctx, l, list, relaxed) {
  const seen = new Set(); // page ids yielded
  const state = (v) => ({ s: variantState(l, v.query, v.terms), raw: null, next: 0, dropped: false });
  const states = list.map(state); // every variant's Pagefind search starts now
  for (const st of states) st.raw = await st.s.raw;
  // Yielded pages plus Pagefind's results not yet checked or given up.
  ctx.estimate = () => {
    const ids = new Set(seen);
    for (const st of states) {
      if (st.dropped || !st.raw) continue;
      for (let j = st.next; j < st.raw.length; j++) ids.add(st.raw[j].id);
    }
    return ids.size;
  };
  for (const st of states) yield* variantResults(ctx, st, seen);
  if (relaxed && seen.size < 3) {
    const st = state(relaxed);
    st.raw = await st.s.raw;
    states.push(st);
    yield* variantResults(ctx, st, seen);
  }
}

/** Results pulled on demand from an async generator; `fill(n)` has the first n ready. */
class Stream {
  constructor(start) {
    this.start = start;
    this.gen = null;
    this.ctx = { want: 1, estimate: null };
    this.items = [];
    this.done = false;
    this.queue = Promise.resolve();
  }
  get started() {
    return this.gen !== null;
  }
  fill(n) {
    const run = this.queue.then(async () => {
      this.gen ??= this.start(this.ctx);
      while (this.items.length < n && !this.done) {
        this.ctx.want = n - this.items.length;
        const { value, done } = await this.gen.next();
        if (done) this.done = true;
        else this.items.push(value);
      }
      return this.items.slice(0, n);
    });
    this.queue = run.catch(() => {});
    return run;
  }
  /** How many results there are, as far as known without checking them all. */
  estimate() {
    if (this.done || !this.ctx.estimate) return this.items.length;
    return Math.max(this.items.length, this.ctx.estimate());
  }
}

/** Streams one after another: the next one starts when the previous one is used up. */
class Concat {
  constructor(parts) {
    this.parts = parts;
  }
  get started() {
    return this.parts.some((p) => p.started);
  }
  get done() {
    return this.parts.every((p) => p.done);
  }
  get items() {
    const out = [];
    for (const p of this.parts) {
      out.push(...p.items);
      if (!p.done) break;
    }
    return out;
  }
  async fill(n) {
    let have = 0;
    for (const p of this.parts) {
      if (have >= n) break;
      have += (await p.fill(n - have)).length;
    }
    return this.items.slice(0, n);
  }
  estimate() {
    return this.parts.reduce((a, p) => a + (p.started ? p.estimate() : 0), 0);
  }
}

/** A list already complete. */
class Fixed {
  constructor(items) {
    this.items = items;
    this.done = true;
    this.started = true;
  }
  async fill(n) {
    return this.items.slice(0, n);
  }
  estimate() {
    return this.items.length;
  }
}

/** Query variants from the synonym groups: the query with one term substituted. */
function synonymVariants(query, groups) {
  const toks = tokenize(query);
  const out = [];
  const same = (q, s) => q === s || (s.length >= 4 && q.startsWith(s) && q.length - s.length <= 3);
  for (const group of groups || []) {
    const terms = group.map((g) => tokenize(g)).filter((t) => t.length);
    for (const term of terms) {
      for (let i = 0; i + term.length <= toks.length; i++) {
        if (!term.every((s, j) => same(toks[i + j], s))) continue;
        for (const other of terms) {
          if (other === term) continue;
          const v = [...toks.slice(0, i), ...other, ...toks.slice(i + term.length)].join(' ');
          if (!out.includes(v) && v !== toks.join(' ')) out.push(v);
        }
      }
    }
  }
  return out;
}

/**
 * The query, its synonym variants and (when little is found) its relaxed
 * Russian stems, as lazy streams of full matches: `page` (the page's
 * language), `others` (the other languages, each loaded when first pulled)
 * and `all` (page language first, then the others).
 */
async function searchStreams(query, { help = true } = {}) {
  const cfg = await loadConfig();
  const langs = await languages();
  const terms = tokenize(query);
  const list = [query, ...(help ? synonymVariants(query, cfg.synonyms) : [])].map((v) => ({ query: v, terms: tokenize(v) }));
  const stems = terms.map(pseudoStem).join(' ');
  const relaxed = help && stems !== terms.join(' ') ? { query: stems, terms } : null;
  const [page = new Fixed([]), ...rest] = langs.map((l) => new Stream((ctx) => langResults(ctx, l, list, relaxed)));
  const others = new Concat(rest);
  return { page, others, all: new Concat([page, others]) };
}

/**
 * Fills `out` with the first `first` results of `query`. When the page
 * language has that many, the other languages stay unloaded (`out.other`,
 * pulled on demand); otherwise they fill the list (`out.main` continues into
 * them), and `early` gets the page language's results first.
 */
async function collect(out, query, first, early) {
  const s = await searchStreams(query);
  const page = await s.page.fill(first);
  const split = page.length >= first && s.others.parts.length > 0;
  out.main = split ? s.page : s.all;
  out.other = split ? s.others : null;
  if (!split && page.length && s.others.parts.length && early) early({ ...out, results: page });
  out.results = await out.main.fill(first);
}

const presence = new Map();
/** Is a word anywhere in the content? Vocabulary first, then the index. */
function presentAsIs(token, vocab) {
  if (vocab.has(token)) return Promise.resolve(true);
  if (!presence.has(token)) {
    presence.set(
      token,
      (async () => {
        const s = await searchStreams(token, { help: false });
        return (await s.all.fill(1)).length > 0;
      })(),
    );
  }
  return presence.get(token);
}

/** A word is there, or it is a synonym of something that is there. */
async function present(token, vocab) {
  if (await presentAsIs(token, vocab)) return true;
  const cfg = await loadConfig();
  for (const group of cfg.synonyms || []) {
    const terms = group.map((g) => tokenize(g));
    if (!terms.some((t) => t.length === 1 && t[0] === token)) continue;
    for (const t of terms) {
      if (t.length === 1 && t[0] === token) continue;
      if ((await Promise.all(t.map((w) => presentAsIs(w, vocab)))).every(Boolean)) return true;
    }
  }
  return false;
}

async function allPresent(tokens, vocab) {
  const r = await Promise.all(tokens.map((t) => present(t, vocab)));
  return r.every(Boolean);
}

/**
 * Fix one whitespace-separated chunk of a query that found nothing:
 * keep it, convert its keyboard layout, correct typos, or drop words.
 */
async function fixChunk(chunk, vocab) {
  const tokens = tokenize(chunk);
  if (!tokens.length) return { text: '', tokens: [] };
  if (await allPresent(tokens, vocab)) return { text: tokens.join(' '), tokens };
  const conv = convertLayout(chunk);
  const convTokens = conv ? tokenize(conv) : [];
  if (convTokens.length && convTokens.some(isStrong) && (await allPresent(convTokens, vocab))) {
    return { text: convTokens.join(' '), tokens: convTokens, layout: true };
  }
  // Typos, in the chunk as typed and then in its other layout.
  for (const [cand, layout] of [[tokens, false], [convTokens, true]]) {
    if (!cand.length) continue;
    const fixed = [];
    let ok = true;
    let typo = false;
    for (const t of cand) {
      if (await present(t, vocab)) {
        fixed.push(t);
        continue;
      }
      const c = correctTypo(t, vocab);
      if (!c) {
        ok = false;
        break;
      }
      fixed.push(norm(c));
      typo = true;
    }
    if (ok && typo) return { text: fixed.join(' '), tokens: fixed, typo: true, layout };
  }
  // Keep what is there, drop the words no page has.
  const kept = [];
  const dropped = [];
  for (const t of tokens) ((await present(t, vocab)) ? kept : dropped).push(t);
  const asTyped = chunk.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return { text: kept.join(' '), tokens: kept, dropped: kept.length ? dropped.filter(isStrong) : [asTyped] };
}

// Results shown (and fragments loaded) at first: under a search box, on /search/.
const FIRST = { dropdown: 5, page: 10 };

/**
 * Everything the UI shows for a query: {query, results (the first ones),
 * main (a stream with more of them), other (other languages' results when
 * the page language alone filled `results`, else null), notices: {layout,
 * typo, dropped, partial}, effective}. `early(part)` is called with the page
 * language's results when other languages are still being searched.
 */
async function runSearch(query, mode, { early } = {}) {
  const first = FIRST[mode];
  const q = query.trim();
  const out = { query, results: [], main: new Fixed([]), other: null, notices: {}, effective: q };
  if (!tokenize(q).length) return out;
  await collect(out, q, first, early);
  if (out.results.length) {
    const typo = await typoFromMatches(q, out.results);
    if (typo) {
      out.notices.typo = typo;
      out.effective = typo;
    }
    return out;
  }

  // Nothing found in any language: look at each word.
  const vocab = await vocabulary();
  const chunks = q.split(/\s+/).filter(Boolean);
  const fixes = [];
  for (const c of chunks) fixes.push(await fixChunk(c, vocab));
  const tokens = fixes.flatMap((f) => f.tokens);
  const dropped = fixes.flatMap((f) => f.dropped || []);
  const effective = fixes.map((f) => f.text).filter(Boolean).join(' ');
  if (!tokens.some(isStrong)) return out;
  const changed = effective !== tokenize(q).join(' ');
  if (changed) {
    out.effective = effective;
    await collect(out, effective, first);
    if (fixes.some((f) => f.layout)) out.notices.layout = effective;
    if (fixes.some((f) => f.typo)) out.notices.typo = effective;
    if (dropped.length) out.notices.dropped = dropped;
  }
  if (out.results.length) return out;

  // Every word is somewhere, but no page has them all: pages with some of them.
  const strong = fixes.filter((f) => f.tokens.some(isStrong));
  if (strong.length >= 2) {
    const score = new Map();
    const lists = await Promise.all(strong.map(async (f) => (await searchStreams(f.text)).all.fill(first)));
    const langRank = new Map((await languages()).map((l, i) => [l.lang, i]));
    lists.forEach((list) =>
      list.forEach((r, rank) => {
        const e = score.get(r.url) || { r, n: 0, best: Infinity };
        e.n += 1;
        e.best = Math.min(e.best, rank);
        score.set(r.url, e);
      }),
    );
    out.results = [...score.values()]
      .sort((a, b) => langRank.get(a.r.lang) - langRank.get(b.r.lang) || b.n - a.n || a.best - b.best)
      .map((e) => e.r);
    out.main = new Fixed(out.results);
    out.other = null;
    if (out.results.length) out.notices.partial = true;
  }
  if (!out.results.length) out.notices = {}; // "nothing found" says it all
  return out;
}

// ------------------------------------------------------------------ feedback

const sentQueries = new Set();

/**
 * POSTs JSON (`application/json`) to the feedback endpoint so that it survives
 * the page being left. `navigator.sendBeacon` always sends credentials, so a
 * cross-origin endpoint answering `Access-Control-Allow-Origin: *` would make
 * the browser drop a JSON beacon after the preflight; a cross-origin endpoint
 * therefore gets `fetch(…, {keepalive: true, credentials: 'omit'})` (the same
 * delivery guarantee), a same-origin one a Blob beacon. Either falls back to
 * the other when unavailable.
 */
function sendFeedback(endpoint, payload) {
  if (!endpoint) return false;
  const body = JSON.stringify(payload);
  let url;
  try {
    url = new URL(endpoint, location.href);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const beacon = () => {
    try {
      return !!navigator.sendBeacon && navigator.sendBeacon(url.href, new Blob([body], { type: 'application/json' }));
    } catch {
      return false;
    }
  };
  const keepalive = () => {
    try {
      if (typeof fetch !== 'function') return false;
      fetch(url.href, { method: 'POST', body, keepalive: true, mode: 'cors', credentials: 'omit', headers: { 'content-type': 'application/json' } }).catch(() => {});
      return true;
    } catch {
      return false;
    }
  };
  return url.origin === location.origin ? beacon() || keepalive() : keepalive() || beacon();
}

async function reportNoResults(query) {
  const q = query.trim();
  if (!q || sentQueries.has(q)) return;
  sentQueries.add(q);
  try {
    const cfg = await loadConfig();
    if (cfg.feedback_endpoint) {
      sendFeedback(cfg.feedback_endpoint, { type: 'search_no_results', query: q, lang: PAGE_LANG, url: location.href });
    }
  } catch {
    /* no config, nothing to send */
  }
}

// ------------------------------------------------------------------ DOM bits

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Only http(s) (or relative) links from the index and the page. */
function safeHref(u) {
  try {
    const url = new URL(u, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? u : '#';
  } catch {
    return '#';
  }
}

/** An excerpt with `<mark>` tags as text nodes and <mark> elements. */
function excerptNode(tag, cls, excerpt) {
  const node = el(tag, { class: cls });
  let inMark = false;
  for (const part of String(excerpt || '').split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') inMark = true;
    else if (part === '</mark>') inMark = false;
    else if (part) {
      const text = decodeExcerptText(part);
      // Pagefind marks whitespace-separated words: "возврат." — mark the word, not its punctuation.
      const [, lead, word, trail] = inMark ? text.match(/^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u) : [, '', '', ''];
      if (inMark && word) node.append(...[lead, el('mark', { text: word }), trail].filter((x) => x !== ''));
      else node.append(document.createTextNode(text));
    }
  }
  return node;
}

const langNames = new Map();
async function langName(lang) {
  if (!langNames.size) for (const l of await languages()) langNames.set(l.lang, l.name || l.lang);
  return langNames.get(lang) || lang;
}

/** Display fields of one result. */
async function view(r) {
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
    otherLang: r.lang !== PAGE_LANG ? await langName(r.lang) : '',
    lang: r.lang,
    excerpt: d.excerpt,
    subs,
  };
}

/** Shows or hides the footer's contact box (the zero-result box replaces it). */
function footerContact(show) {
  const box = document.querySelector('.site-footer .contact');
  if (box) box.hidden = !show;
}

/**
 * The site's promoted articles in the page's language, as the build wrote them
 * into the search page (`<template id="search-promoted">`): suggested when
 * nothing is found.
 */
function promotedNodes() {
  const tpl = document.getElementById('search-promoted');
  return tpl && tpl.content ? [tpl.content.cloneNode(true)] : [];
}

/** The footer's contact box, turned into links that carry the query. */
function contactLinks(query) {
  const links = [];
  const box = document.querySelector('.site-footer .contact-links, .contact-links');
  const anchors = box ? [...box.querySelectorAll('a[href]')] : [];
  for (const a of anchors) {
    const href = a.getAttribute('href');
    if (href.startsWith('mailto:')) {
      const addr = href.slice(7).split('?')[0];
      const mail = `mailto:${addr}?subject=${encodeURIComponent(T.mailSubject(query))}&body=${encodeURIComponent(T.mailBody(query, location.href))}`;
      links.push(el('a', { class: 'button', href: mail, 'data-contact': 'email', text: T.contactEmail }));
    } else if (/^https?:/i.test(href)) {
      const url = new URL(href);
      url.searchParams.set('q', query);
      links.push(el('a', { class: 'button', href: url.href, 'data-contact': 'url', text: T.contactUrl }));
    } else if (href.startsWith('tel:')) {
      links.push(el('a', { class: 'button', href, 'data-contact': 'phone', text: `${T.contactPhone}: ${a.textContent.split(':').pop().trim()}` }));
    }
  }
  if (!links.length) {
    const home = new URL(ROOT.href);
    home.searchParams.set('q', query);
    home.hash = 'contact';
    links.push(el('a', { class: 'button', href: home.href, 'data-contact': 'home', text: T.contactHome }));
  }
  return links;
}

/** The query the results are for: the corrected one when the words were fixed or dropped. */
function shownQuery(res) {
  const n = res.notices;
  return n.typo || n.layout || (n.dropped && n.dropped.length) ? res.effective : res.query.trim();
}

function searchPageHref(form, query) {
  const action = form?.getAttribute('action') || location.pathname;
  const url = new URL(action, location.href);
  url.search = '';
  url.searchParams.set('q', query);
  return url.pathname + url.search;
}

/** "showing results for" (layout or typo fixed), "results without", "some words" lines. */
function noticeNodes(res, hrefFor) {
  const out = [];
  const n = res.notices;
  // The results are those of the corrected query (a layout fix, a typo fix, or
  // both): one line says so and names it, as the status line does.
  const corrected = n.typo || n.layout;
  if (corrected) {
    const cls = ['search-notice', n.layout && 'search-notice-layout', n.typo && 'search-notice-typo'].filter(Boolean).join(' ');
    const name = n.typo ? el('a', { href: hrefFor(corrected), 'data-corrected': corrected, text: T.q(corrected) }) : el('strong', { text: T.q(corrected) });
    out.push(el('p', { class: cls }, `${T.showingFor} `, name));
  }
  if (n.dropped && n.dropped.length) {
    const p = el('p', { class: 'search-notice search-notice-dropped' }, `${T.without} `);
    n.dropped.forEach((w, i) => {
      if (i) p.append(', ');
      p.append(el('s', { text: w }));
    });
    out.push(p);
  }
  if (n.partial) out.push(el('p', { class: 'search-notice search-notice-partial', text: T.partial }));
  return out;
}

// ------------------------------------------------------ instant results box

let uid = 0;

function setupCombobox(form, input) {
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
  const list = el('ul', { id: listId, role: 'listbox', class: 'search-listbox', 'aria-label': T.suggestions });
  const empty = el('div', { class: 'search-popup-empty', hidden: true });
  const popup = el('div', { class: 'search-popup', hidden: true }, notices, list, empty);
  const status = el('p', { id: statusId, class: 'visually-hidden', role: 'status' });
  form.append(popup, status);

  let options = [];
  let active = -1;
  let timer = 0;
  let seq = 0;
  let lastShown = null; // {query, results}

  const open = () => {
    popup.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const close = () => {
    if (!popup.hidden && lastShown && !lastShown.results.length) reportNoResults(lastShown.query);
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
    const views = await Promise.all(shown.map(view));
    if (mine !== renders) return; // a newer list is on its way
    // The page language's results come first, the other languages' may follow:
    // the option the customer is on stays active when the list grows.
    const keep = lastShown && lastShown.query === res.query ? options[active]?.dataset.href : null;
    options = [];
    active = -1;
    input.removeAttribute('aria-activedescendant');
    notices.replaceChildren(...noticeNodes(res, (q) => searchPageHref(form, q)));
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
      list.append(option('all', searchPageHref(form, res.query.trim()), [el('span', { class: 'search-option-title', text: T.allResults(res.query.trim()) })]));
      status.textContent = T.found(res.main.estimate());
    } else {
      empty.hidden = false;
      empty.append(el('p', { class: 'search-empty-text', text: T.nothing(res.query.trim()) }));
      const contacts = contactLinks(res.query.trim());
      for (const a of contacts) {
        list.append(option('contact', a.getAttribute('href'), [el('span', { class: 'search-option-title', text: a.textContent })]));
      }
      status.textContent = T.nothing(res.query.trim());
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
      const res = await runSearch(query, 'dropdown', { early });
      if (my !== seq) return;
      if (document.activeElement !== input) return;
      await render(res);
    } catch (e) {
      if (my !== seq) return;
      console.warn('frontline search:', e);
      notices.replaceChildren(el('p', { class: 'search-notice', text: T.unavailable }));
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
    warmUp();
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
    if (!form.contains(e.relatedTarget)) close();
  });
  document.addEventListener('pointerdown', (e) => {
    if (!form.contains(e.target)) close();
  });
  form.addEventListener('submit', () => {
    // The search page reports a failed query itself; do not send it twice.
    sentQueries.add(input.value.trim());
  });
  window.addEventListener('pagehide', () => {
    if (lastShown && !lastShown.results.length && !popup.hidden) reportNoResults(lastShown.query);
  });
}

let warmed = false;
/** A search box got focus: load the page language's bundle (the others wait until needed). */
function warmUp() {
  if (warmed) return;
  warmed = true;
  languages()
    .then((langs) => langs.length && bundle(langs[0]))
    .catch(() => {});
}

// --------------------------------------------------------- the search page

function setupSearchPage(form, input, container) {
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
    status.textContent = T.searching;
    status.classList.remove('visually-hidden');
    container.setAttribute('aria-busy', 'true');
    // The page language's results are shown as soon as they are there; the
    // other languages' (when they are needed to fill the page) follow.
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
      res = await runSearch(query, 'page', { early: onEarly });
    } catch (e) {
      console.warn('frontline search:', e);
      if (my === seq) {
        status.textContent = T.unavailable;
        body.replaceChildren();
        container.removeAttribute('aria-busy');
      }
      return;
    }
    if (my !== seq) return;
    const hrefFor = (x) => searchPageHref(form, x);
    const nodes = noticeNodes(res, hrefFor);
    status.classList.toggle('visually-hidden', !res.results.length); // the box below says it
    if (!res.results.length) {
      status.textContent = T.nothing(q);
      const box = el(
        'section',
        { class: 'search-empty contact', 'aria-labelledby': 'search-empty-title' },
        el('h2', { id: 'search-empty-title', class: 'search-empty-text', text: T.nothing(q) }),
        el('p', { text: T.nothingHint }),
        el('ul', { class: 'contact-links' }, ...contactLinks(q).map((a) => el('li', {}, a))),
      );
      body.replaceChildren(...nodes, box, ...promotedNodes());
      footerContact(false); // this box is the page's one contact box
      container.removeAttribute('aria-busy');
      if (report) reportNoResults(q);
      return;
    }
    footerContact(true);
    const paged = (early && (await early)) || pagedList(res.main);
    await paged.show(res.results);
    if (my !== seq) return;
    status.textContent = T.foundFor(res.main.estimate(), shownQuery(res));
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

  /** An <ol> of results from `stream` with a "show more" button that pulls the next ones. */
  function pagedList(stream) {
    const list = el('ol', { class: 'search-result-list' });
    const more = el('button', { type: 'button', class: 'search-more', text: T.more, hidden: true });
    let shown = 0;
    /** Appends the results not shown yet; returns the first new <li>. */
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
    const names = (await languages()).slice(1).map((l) => l.name || l.lang).join(', ');
    const box = el('div', { class: 'search-other' });
    const button = el('button', { type: 'button', class: 'search-more search-other-button', text: T.otherLangs(names) });
    box.append(button);
    let loading = null;
    let observer = null;
    const load = (focus) =>
      (loading ??= (async () => {
        observer?.disconnect();
        button.disabled = true;
        box.setAttribute('aria-busy', 'true');
        let items = [];
        try {
          items = await stream.fill(PAGE_STEP);
        } catch (e) {
          console.warn('frontline search:', e);
          box.replaceChildren(el('p', { class: 'search-status', text: T.unavailable }));
          box.removeAttribute('aria-busy');
          return;
        }
        const paged = pagedList(stream);
        await paged.show(items);
        const text = items.length ? T.otherFound(stream.estimate(), names) : T.otherNone(names);
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
    const v = await view(r);
    const li = el('li', { class: 'search-result', lang: v.lang });
    li.append(el('h2', { class: 'search-result-title' }, el('a', { href: v.url, text: v.title })));
    const meta = el('p', { class: 'search-result-meta' });
    if (v.category) meta.append(el('span', { class: 'search-result-category', text: v.category }));
    if (v.otherLang) meta.append(el('span', { class: 'search-result-lang', text: v.otherLang }));
    if (meta.childNodes.length) li.append(meta);
    li.append(excerptNode('p', 'search-result-excerpt', v.excerpt));
    if (v.subs.length) {
      const subs = el('ul', { class: 'search-result-subs', 'aria-label': T.sections });
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
  else warmUp();

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

// ------------------------------------------------------------------ ratings

function setupRating(box) {
  const endpoint = box.dataset.feedbackEndpoint;
  const radios = [...box.querySelectorAll('[data-rating-value]')];
  const thanks = box.querySelector('.rating-thanks');
  if (!endpoint || !radios.length) return;
  box.hidden = false;
  radios.forEach((r, i) => r.setAttribute('tabindex', i === 0 ? '0' : '-1'));
  const focusAt = (i) => {
    radios.forEach((r, j) => r.setAttribute('tabindex', j === i ? '0' : '-1'));
    radios[i].focus();
  };
  box.addEventListener('keydown', (e) => {
    const i = radios.indexOf(document.activeElement);
    if (i < 0) return;
    const n = radios.length;
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
      sendFeedback(endpoint, { type: 'rating', rating, url: location.href, lang: PAGE_LANG });
      if (thanks) {
        thanks.textContent = thanks.textContent.trim() || T.thanks;
        thanks.hidden = false;
      }
    });
  }
}

// --------------------------------------------------------------------- start

function start() {
  const results = document.getElementById('search-results');
  for (const form of document.querySelectorAll('form.search-form')) {
    const input = form.querySelector('input[name="q"]');
    if (!input) continue;
    if (results && form.closest('main') && form.compareDocumentPosition(results) & Node.DOCUMENT_POSITION_FOLLOWING) {
      setupSearchPage(form, input, results);
    } else {
      setupCombobox(form, input);
    }
  }
  for (const box of document.querySelectorAll('[data-rating]')) setupRating(box);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

// For debugging from the console: `(await import('/assets/search.js')).runSearch('query', 'page')`.
export { runSearch, convertLayout, correctTypo, synonymVariants, searchStreams, languages };
