// @ts-check
// frontline search: query help for a query that finds nothing or finds a typo
// (see engine.js): each word checked against the vocabularies and the index,
// keyboard layout converted, one-letter typos corrected, words found nowhere
// dropped, pages with some of the words when none has all.

import { convertLayout, correctTypo, isStrong, norm, tokenize, typoFix } from './text.js';
import { Fixed } from './streams.js';

/**
 * @typedef {import('./engine.js').Engine} Engine
 * @typedef {import('./engine.js').Result} Result
 * @typedef {import('./engine.js').SearchResult} SearchResult
 * @typedef {import('./text.js').Vocab} Vocab
 */

/**
 * Is a word anywhere in the content? Vocabulary first, then the index.
 * @param {Engine} engine @param {string} token @param {Vocab} vocab
 * @returns {Promise<boolean>}
 */
export function presentAsIs(engine, token, vocab) {
  if (vocab.has(token)) return Promise.resolve(true);
  let p = engine.presence.get(token);
  if (!p) {
    p = (async () => {
      const s = await engine.searchStreams(token, { help: false });
      return (await s.all.fill(1)).length > 0;
    })();
    engine.presence.set(token, p);
  }
  return p;
}

/**
 * A word is there, or it is a synonym of something that is there.
 * @param {Engine} engine @param {string} token @param {Vocab} vocab
 */
export async function present(engine, token, vocab) {
  if (await presentAsIs(engine, token, vocab)) return true;
  const cfg = await engine.loadConfig();
  for (const group of cfg.synonyms || []) {
    const terms = group.map((g) => tokenize(g));
    if (!terms.some((t) => t.length === 1 && t[0] === token)) continue;
    for (const t of terms) {
      if (t.length === 1 && t[0] === token) continue;
      if ((await Promise.all(t.map((w) => presentAsIs(engine, w, vocab)))).every(Boolean)) return true;
    }
  }
  return false;
}

/** @param {Engine} engine @param {string[]} tokens @param {Vocab} vocab */
export async function allPresent(engine, tokens, vocab) {
  const r = await Promise.all(tokens.map((t) => present(engine, t, vocab)));
  return r.every(Boolean);
}

/**
 * Fix one whitespace-separated chunk of a query that found nothing:
 * keep it, convert its keyboard layout, correct typos, or drop words.
 * @param {Engine} engine @param {string} chunk @param {Vocab} vocab
 * @returns {Promise<{text: string, tokens: string[], layout?: boolean, typo?: boolean, dropped?: string[]}>}
 */
export async function fixChunk(engine, chunk, vocab) {
  const tokens = tokenize(chunk);
  if (!tokens.length) return { text: '', tokens: [] };
  if (await allPresent(engine, tokens, vocab)) return { text: tokens.join(' '), tokens };
  const conv = convertLayout(chunk);
  const convTokens = conv ? tokenize(conv) : [];
  if (convTokens.length && convTokens.some(isStrong) && (await allPresent(engine, convTokens, vocab))) {
    return { text: convTokens.join(' '), tokens: convTokens, layout: true };
  }
  // Typos, in the chunk as typed and then in its other layout.
  for (const [cand, layout] of /** @type {[string[], boolean][]} */ ([[tokens, false], [convTokens, true]])) {
    if (!cand.length) continue;
    const fixed = [];
    let ok = true;
    let typo = false;
    for (const t of cand) {
      if (await present(engine, t, vocab)) {
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
  /** @type {string[]} */
  const kept = [];
  /** @type {string[]} */
  const dropped = [];
  for (const t of tokens) ((await present(engine, t, vocab)) ? kept : dropped).push(t);
  const asTyped = chunk.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return { text: kept.join(' '), tokens: kept, dropped: kept.length ? dropped.filter(isStrong) : [asTyped] };
}

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
 * @param {Engine} engine @param {string} query @param {Result[]} results
 */
export async function typoFromMatches(engine, query, results) {
  const terms = tokenize(query);
  const key = terms.join(' ');
  const suspects = terms.map((t, i) => {
    if (t.length < 5 || !/^\p{L}+$/u.test(t)) return null;
    /** @type {Map<string, number>} */
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
    /** @type {[string, number] | null} */
    let best = null;
    for (const [m, n] of suspects[i] || []) if (typoFix(t, m) && (!best || n > best[1])) best = [m, n];
    const c = best ? best[0] : suspects[i] && engine.vocabLoaded ? correctTypo(t, engine.vocabLoaded) : null;
    if (!c || !typoFix(t, norm(c)) || (await isIndexed(engine, t))) {
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
 * @param {Engine} engine @param {string} word
 */
export async function isIndexed(engine, word) {
  if (engine.vocabLoaded) return engine.vocabLoaded.has(word);
  const found = await Promise.all(
    [...engine.bundles.values()].map(async (loading) => {
      const pf = await loading;
      if (!pf) return false;
      const r = await pf.search(`"${word}"`);
      return !!(r && r.results.length);
    }),
  );
  return found.some(Boolean);
}

/**
 * Pages that match some of the words (chunks), page language first, then by
 * how many chunks they match and their best rank.
 * @param {Engine} engine @param {SearchResult} out @param {{text: string}[]} strong @param {number} first
 */
export async function partialMatches(engine, out, strong, first) {
  /** @type {Map<string, {r: Result, n: number, best: number}>} */
  const score = new Map();
  const lists = await Promise.all(strong.map(async (f) => (await engine.searchStreams(f.text)).all.fill(first)));
  const langRank = new Map((await engine.languages()).map((l, i) => [l.lang, i]));
  lists.forEach((list) =>
    list.forEach((r, rank) => {
      const e = score.get(r.url) || { r, n: 0, best: Infinity };
      e.n += 1;
      e.best = Math.min(e.best, rank);
      score.set(r.url, e);
    }),
  );
  const rankOf = (/** @type {Result} */ r) => langRank.get(r.lang) ?? 0;
  out.results = [...score.values()].sort((a, b) => rankOf(a.r) - rankOf(b.r) || b.n - a.n || a.best - b.best).map((e) => e.r);
  out.main = new Fixed(out.results);
  out.other = null;
  if (out.results.length) out.notices.partial = true;
}
