// @ts-check
// frontline search engine on Pagefind's JS API: no DOM; `fetch` and `import`
// are passed in (a fake Pagefind in tests/js/engine.test.mjs).
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
// pages that match some of the words.
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

import { EXCERPT_WORDS, decodeExcerptText, isStrong, norm, pseudoStem, relates, snapshot, synonymVariants, tokenize } from './text.js';
import { Concat, Fixed, Stream } from './streams.js';
import { fixChunk, partialMatches, typoFromMatches } from './help.js';

/**
 * @typedef {import('./text.js').Vocab} Vocab
 * @typedef {import('./text.js').Snapshot} Snapshot
 * @typedef {import('./text.js').Fragment} Fragment
 * @typedef {{lang: string, name?: string, bundle: string, extra_bundle?: string, vocab?: string}} Language
 * @typedef {{languages?: Language[], synonyms?: string[][], feedback_endpoint?: string}} Config search/config.json
 * @typedef {{id: string, score?: number, data(): Promise<Fragment>}} PagefindResult
 * @typedef {{options(o: object): Promise<void>, init(): Promise<void>, mergeIndex(url: string): Promise<void>,
 *   search(q: string): Promise<{results: PagefindResult[]} | null>}} Pagefind
 * @typedef {{lang: string, id: string, url: string, score: number | undefined, data: Snapshot,
 *   terms: string[], matches: string[][], full: boolean}} Result a checked result
 * @typedef {import('./streams.js').ResultList<Result>} ResultList
 * @typedef {import('./streams.js').StreamCtx} StreamCtx
 * @typedef {{layout?: string, typo?: string, dropped?: string[], partial?: boolean}} Notices
 * @typedef {{query: string, results: Result[], main: ResultList, other: ResultList | null,
 *   notices: Notices, effective: string}} SearchResult
 * @typedef {{query: string, terms: string[]}} Variant
 * @typedef {{l: Language, terms: string[], raw: Promise<PagefindResult[]>, checks: Promise<Result | null>[]}} VariantState
 * @typedef {{s: VariantState, raw: PagefindResult[] | null, next: number, dropped: boolean}} Cursor
 * @typedef {Set<string> & {urls?: Set<string>}} Seen
 */

/** Results shown (and fragments loaded) at first: under a search box, on /search/. */
export const FIRST = { dropdown: 5, page: 10 };

// A query variant is given up after this many results in a row fail the check.
const MISS_LIMIT = 3;

/**
 * @typedef {object} EngineDeps
 * @property {URL} root the site root (search/config.json is under it)
 * @property {string} pageLang the page's language, searched first
 * @property {(url: string) => Promise<{ok: boolean, status: number, json(): Promise<any>}>} fetch
 * @property {(url: string) => Promise<Pagefind>} importModule loads a bundle's pagefind.js
 */

/** One page's search: what it has loaded and searched so far, cached. */
export class Engine {
  /** @param {EngineDeps} deps */
  constructor(deps) {
    this.root = deps.root;
    this.pageLang = deps.pageLang;
    this.deps = deps;
    /** @type {Promise<Config> | null} */
    this.configPromise = null;
    /** @type {Map<string, Promise<Pagefind | null>>} lang -> Pagefind module */
    this.bundles = new Map();
    /** @type {Promise<Vocab> | null} */
    this.vocabPromise = null;
    /** @type {Vocab | null} the merged vocabularies, once fetched */
    this.vocabLoaded = null;
    /** @type {Map<string, Promise<PagefindResult[]>>} */
    this.rawSearches = new Map();
    /** @type {Map<string, Promise<unknown>>} */
    this.dataLocks = new Map();
    /** @type {Map<string, VariantState>} */
    this.variantStates = new Map();
    /** @type {Map<string, Promise<boolean>>} */
    this.presence = new Map();
    /** @type {Map<string, string>} */
    this.langNames = new Map();
    this.warmed = false;
  }

  /** @returns {Promise<Config>} */
  loadConfig() {
    const { fetch } = this.deps;
    this.configPromise ??= fetch(new URL('search/config.json', this.root).href)
      .then((r) => {
        if (!r.ok) throw new Error(`search/config.json: HTTP ${r.status}`);
        return r.json();
      })
      .catch((e) => {
        this.configPromise = null; // try again on the next search
        throw e;
      });
    return this.configPromise;
  }

  /** @param {unknown} p */
  siteUrl(p) {
    return new URL(String(p).replace(/^\/+/, ''), this.root).href;
  }

  /** Languages to search, the page's language first, with their display names. */
  async languages() {
    const cfg = await this.loadConfig();
    const langs = (cfg.languages || []).slice();
    langs.sort((a, b) => Number(b.lang === this.pageLang) - Number(a.lang === this.pageLang));
    return langs;
  }

  /** @param {string} lang */
  async langName(lang) {
    if (!this.langNames.size) for (const l of await this.languages()) this.langNames.set(l.lang, l.name || l.lang);
    return this.langNames.get(lang) || lang;
  }

  /** A search box got focus: load the page language's bundle (the others wait until needed). */
  warmUp() {
    if (this.warmed) return;
    this.warmed = true;
    this.languages()
      .then((langs) => (langs.length ? this.bundle(langs[0]) : null))
      .catch(() => {});
  }

  /**
   * @param {Language} l
   * @returns {Promise<Pagefind | null>}
   */
  bundle(l) {
    let b = this.bundles.get(l.lang);
    if (!b) {
      b = (async () => {
        try {
          // Distinct URLs are distinct module instances: one Pagefind per
          // language (each has its own wasm, with its language's stemmer).
          const pf = await this.deps.importModule(this.siteUrl(l.bundle).replace(/\/?$/, '/') + 'pagefind.js');
          // No web worker: it would be one more script per language on the
          // first query (pagefind-worker.js, 43 KiB, 12 KiB gzipped), and a
          // search in loaded index chunks takes milliseconds on the main thread.
          await pf.options({ excerptLength: EXCERPT_WORDS, noWorker: true });
          await pf.init();
          // Internal site: the public index is reused as it is, and a small
          // second index holds only the pages that differ (runbooks, internal
          // articles, articles with internal notes); Pagefind merges them.
          if (l.extra_bundle) await pf.mergeIndex(this.siteUrl(l.extra_bundle).replace(/\/?$/, '/'));
          return pf;
        } catch (e) {
          console.warn(`frontline search: no index for ${l.lang}`, e);
          return null;
        }
      })();
      this.bundles.set(l.lang, b);
    }
    return b;
  }

  /**
   * All languages' vocabularies merged: normalized word -> {word, count}.
   * @returns {Promise<Vocab>}
   */
  vocabulary() {
    const { fetch } = this.deps;
    this.vocabPromise ??= (async () => {
      /** @type {Vocab} */
      const map = new Map();
      const files = await Promise.all(
        (await this.languages())
          .filter((l) => l.vocab)
          .map((l) =>
            fetch(this.siteUrl(l.vocab))
              .then((r) => (r.ok ? r.json() : {}))
              .catch((e) => {
                console.warn(`frontline search: vocabulary ${l.vocab}`, e);
                return {};
              }),
          ),
      );
      for (const words of files) {
        for (const [w, c] of Object.entries(/** @type {Record<string, number>} */ (words))) {
          const k = norm(w);
          const e = map.get(k);
          if (e) e.count += c;
          else map.set(k, { word: w, count: c });
        }
      }
      this.vocabLoaded = map;
      return map;
    })();
    return this.vocabPromise;
  }

  /**
   * Pagefind's results for a query in one language (index chunks only, no fragments); cached.
   * @param {Language} l @param {string} query
   * @returns {Promise<PagefindResult[]>}
   */
  rawSearch(l, query) {
    const key = `${l.lang}\u0000${query}`;
    let run = this.rawSearches.get(key);
    if (!run) {
      run = (async () => {
        const pf = await this.bundle(l);
        if (!pf) return [];
        const r = await pf.search(query);
        return r ? r.results : [];
      })();
      run.catch(() => this.rawSearches.delete(key)); // try again on the next search
      this.rawSearches.set(key, run);
    }
    return run;
  }

  /**
   * `result.data()`, one call at a time per page, copied: Pagefind caches a
   * page's fragment object and writes each search's match locations and excerpt
   * onto that shared object, so two calls for the same page (say, from a query
   * and its synonym variant) would otherwise see each other's.
   * @param {string} lang @param {PagefindResult} result
   * @returns {Promise<Snapshot>}
   */
  pageData(lang, result) {
    const key = `${lang}:${result.id}`;
    const run = (this.dataLocks.get(key) || Promise.resolve()).then(() => result.data()).then(snapshot);
    this.dataLocks.set(key, run.catch(() => {}));
    return run;
  }

  /**
   * A Pagefind result with its fragment loaded and checked: `full` when every
   * query word is really matched by one of the marked words. Null when the
   * fragment does not load.
   * @param {Language} l @param {PagefindResult} r @param {string[]} terms
   * @returns {Promise<Result | null>}
   */
  checkResult(l, r, terms) {
    return this.pageData(l.lang, r).then(
      (data) => {
        /** @type {Set<string>} */
        const marked = new Set();
        for (const w of data.marked) for (const t of tokenize(decodeExcerptText(w))) marked.add(t);
        const matches = terms.map((t) => [...marked].filter((m) => relates(t, m)));
        const full = terms.length > 0 && matches.every((m) => m.length);
        return { lang: l.lang, id: r.id, url: data.url, score: r.score, data, terms, matches, full };
      },
      () => null,
    );
  }

  /**
   * One query in one language: Pagefind's results and the checks done so far; cached.
   * @param {Language} l @param {string} query @param {string[]} terms
   */
  variantState(l, query, terms) {
    const key = `${l.lang}\u0000${query}\u0000${terms.join(' ')}`;
    let s = this.variantStates.get(key);
    if (!s) {
      s = { l, terms, raw: this.rawSearch(l, query), checks: [] };
      s.raw.catch(() => this.variantStates.delete(key));
      this.variantStates.set(key, s);
    }
    return s;
  }

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
   * @param {StreamCtx} ctx @param {Cursor} st @param {Seen} seen
   * @returns {AsyncGenerator<Result>}
   */
  async *variantResults(ctx, st, seen) {
    const { s } = st;
    const raw = /** @type {PagefindResult[]} */ (st.raw);
    const check = (/** @type {number} */ i) =>
      (s.checks[i] ??= this.checkResult(s.l, raw[i], s.terms).then((r) => {
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
   * @param {StreamCtx} ctx @param {Language} l @param {Variant[]} list @param {Variant | null} relaxed
   * @returns {AsyncGenerator<Result>}
   */
  async *langResults(ctx, l, list, relaxed) {
    /** @type {Seen} */
    const seen = new Set(); // page ids yielded
    const state = (/** @type {Variant} */ v) => /** @type {Cursor} */ ({ s: this.variantState(l, v.query, v.terms), raw: null, next: 0, dropped: false });
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
    for (const st of states) yield* this.variantResults(ctx, st, seen);
    if (relaxed && seen.size < 3) {
      const st = state(relaxed);
      st.raw = await st.s.raw;
      states.push(st);
      yield* this.variantResults(ctx, st, seen);
    }
  }

  /**
   * The query, its synonym variants and (when little is found) its relaxed
   * Russian stems, as lazy streams of full matches: `page` (the page's
   * language), `others` (the other languages, each loaded when first pulled)
   * and `all` (page language first, then the others).
   * @param {string} query
   */
  async searchStreams(query, { help = true } = {}) {
    const cfg = await this.loadConfig();
    const langs = await this.languages();
    const terms = tokenize(query);
    const list = [query, ...(help ? synonymVariants(query, cfg.synonyms) : [])].map((v) => ({ query: v, terms: tokenize(v) }));
    const stems = terms.map(pseudoStem).join(' ');
    const relaxed = help && stems !== terms.join(' ') ? { query: stems, terms } : null;
    /** @type {ResultList[]} */
    const streams = langs.map((l) => new Stream((/** @type {StreamCtx} */ ctx) => this.langResults(ctx, l, list, relaxed)));
    const [page = new Fixed([]), ...rest] = streams;
    const others = new Concat(rest);
    return { page, others, all: new Concat([page, others]) };
  }

  /**
   * Fills `out` with the first `first` results of `query`. When the page
   * language has that many, the other languages stay unloaded (`out.other`,
   * pulled on demand); otherwise they fill the list (`out.main` continues into
   * them), and `early` gets the page language's results first.
   * @param {SearchResult} out @param {string} query @param {number} first
   * @param {((part: SearchResult) => void) | undefined} [early]
   */
  async collect(out, query, first, early) {
    const s = await this.searchStreams(query);
    const page = await s.page.fill(first);
    const split = page.length >= first && s.others.parts.length > 0;
    out.main = split ? s.page : s.all;
    out.other = split ? s.others : null;
    if (!split && page.length && s.others.parts.length && early) early({ ...out, results: page });
    out.results = await out.main.fill(first);
  }

  /**
   * Everything the UI shows for a query: {query, results (the first ones),
   * main (a stream with more of them), other (other languages' results when
   * the page language alone filled `results`, else null), notices: {layout,
   * typo, dropped, partial}, effective}. `early(part)` is called with the page
   * language's results when other languages are still being searched.
   * @param {string} query @param {'dropdown' | 'page'} mode
   * @param {{early?: (part: SearchResult) => void}} [opts]
   * @returns {Promise<SearchResult>}
   */
  async runSearch(query, mode, { early } = {}) {
    const first = FIRST[mode];
    const q = query.trim();
    /** @type {SearchResult} */
    const out = { query, results: [], main: new Fixed([]), other: null, notices: {}, effective: q };
    if (!tokenize(q).length) return out;
    await this.collect(out, q, first, early);
    if (out.results.length) {
      const typo = await typoFromMatches(this, q, out.results);
      if (typo) {
        out.notices.typo = typo;
        out.effective = typo;
      }
      return out;
    }

    // Nothing found in any language: look at each word.
    const vocab = await this.vocabulary();
    const chunks = q.split(/\s+/).filter(Boolean);
    const fixes = [];
    for (const c of chunks) fixes.push(await fixChunk(this, c, vocab));
    const tokens = fixes.flatMap((f) => f.tokens);
    const dropped = fixes.flatMap((f) => f.dropped || []);
    const effective = fixes.map((f) => f.text).filter(Boolean).join(' ');
    if (!tokens.some(isStrong)) return out;
    const changed = effective !== tokenize(q).join(' ');
    if (changed) {
      out.effective = effective;
      await this.collect(out, effective, first);
      if (fixes.some((f) => f.layout)) out.notices.layout = effective;
      if (fixes.some((f) => f.typo)) out.notices.typo = effective;
      if (dropped.length) out.notices.dropped = dropped;
    }
    if (out.results.length) return out;

    // Every word is somewhere, but no page has them all: pages with some of them.
    const strong = fixes.filter((f) => f.tokens.some(isStrong));
    if (strong.length >= 2) await partialMatches(this, out, strong, first);
    if (!out.results.length) out.notices = {}; // "nothing found" says it all
    return out;
  }
}
