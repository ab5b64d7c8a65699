// @ts-check
// frontline search, pure text functions (no DOM, no network): how words are
// compared, the keyboard-layout fix, one-letter typos, crude Russian stems,
// synonym variants, the sentence-aligned excerpt and the UI string formatter.
// Unit-tested by tests/js/text.test.mjs with `node --test`.

/** Lower-case, `ё` -> `е`, Latin letters without accents: how words are compared. */
export function norm(/** @type {unknown} */ s) {
  return String(s).toLowerCase().replace(/ё/g, 'е').normalize('NFD').replace(/([a-z])[\u0300-\u036f]+/g, '$1').normalize('NFC');
}

/** Words of a string (letters and digits), normalized. */
export function tokenize(/** @type {unknown} */ s) {
  return norm(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

export const isStrong = (/** @type {string} */ t) => t.length >= 3;
const CYR = /[\u0400-\u04ff]/;
const LAT = /[a-z]/i;

/** @param {string} a @param {string} b */
function commonPrefix(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Does an indexed word `m` really match the query word `t`? Pagefind matches
 * prefixes and stems; for an unknown word it backs off to ever shorter
 * prefixes ("onerror" -> "one", "возрват" -> "в"), which is not a match.
 * @param {string} t @param {string} m
 */
export function relates(t, m) {
  if (m.startsWith(t)) return true;
  if (t.length < 3) return false;
  return commonPrefix(t, m) >= Math.max(3, Math.ceil(t.length * 0.6));
}

/** Pagefind excerpts: `<mark>` tags around words, `<` and `>` as entities. */
export function decodeExcerptText(/** @type {string} */ s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

// ------------------------------------------------------------ keyboard layout

const EN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,./`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?~@#$^&";
const RU_KEYS = 'йцукенгшщзхъфывапролджэячсмитьбю.ёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,Ё"№;:?';
/** @type {Map<string, string>} */
const TO_RU = new Map();
/** @type {Map<string, string>} */
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
 * @param {string} chunk
 */
export function convertLayout(chunk) {
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

/** @typedef {{word: string, count: number}} VocabEntry */
/** @typedef {Map<string, VocabEntry>} Vocab normalized word -> entry */

/**
 * Vocabulary words at Damerau distance 1 from `w`; the most frequent wins.
 * @param {string} w @param {Vocab} vocab
 * @returns {string | null}
 */
export function correctTypo(w, vocab) {
  if (w.length < 5 || !/^\p{L}+$/u.test(w)) return null;
  const alphabet = CYR.test(w) ? ALPHABETS.cyr : /^[a-z]+$/.test(w) ? ALPHABETS.lat : null;
  if (!alphabet) return null;
  /** @type {VocabEntry | null} */
  let best = null;
  const consider = (/** @type {string} */ c) => {
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
  return best ? /** @type {VocabEntry} */ (best).word : null;
}

/**
 * Damerau (optimal string alignment) distance between a and b is exactly 1.
 * @param {string} a @param {string} b
 */
export function isEdit1(a, b) {
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
/** @param {string} a @param {string} b */
function sameWordOtherEnding(a, b) {
  if (!CYR.test(a)) return false;
  const i = commonPrefix(a, b);
  return i >= 3 && RU_ENDINGS.has(a.slice(i)) && RU_ENDINGS.has(b.slice(i));
}

/**
 * `t` -> `m` is a plausible spelling fix, not the same word with another ending.
 * @param {string} t @param {string} m
 */
export const typoFix = (t, m) => isEdit1(t, m) && !(t.startsWith(m) && t.length - m.length <= 3) && !m.startsWith(t) && !sameWordOtherEnding(t, m);

/** Crude Russian stem for the relaxed pass: Pagefind matches it as a prefix. */
export function pseudoStem(/** @type {string} */ w) {
  if (!CYR.test(w) || w.length < 5) return w;
  const m = w.match(/^(.{3,}?)(?:иями|ями|ами|ого|его|ому|ему|ыми|ими|ией|ах|ях|ов|ев|ей|ий|ый|ой|ая|яя|ое|ее|ые|ие|ом|ем|ам|ям|ую|юю|ию|ия|ье|ья|а|я|о|е|ы|и|у|ю|ь|й)$/u);
  const stem = m ? m[1] : w.slice(0, Math.max(3, w.length - 2));
  return stem.length < w.length ? stem : w;
}

/**
 * Query variants from the synonym groups: the query with one term substituted.
 * @param {string} query @param {string[][] | undefined} groups
 */
export function synonymVariants(query, groups) {
  const toks = tokenize(query);
  /** @type {string[]} */
  const out = [];
  const same = (/** @type {string} */ q, /** @type {string} */ s) => q === s || (s.length >= 4 && q.startsWith(s) && q.length - s.length <= 3);
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

// ----------------------------------------------------------------- excerpts

export const EXCERPT_WORDS = 24; // Pagefind's excerptLength, set when a bundle loads
// An excerpt starts at the sentence of its first match when that begins at most this many words before it…
const SENTENCE_LEAD = 20;
// …else this many words before it, with "…".
const WORD_LEAD = 6;
const SENTENCE_END = /[.!?…]["'»”’)\]]*$/u;

/**
 * Pagefind's densest window of `EXCERPT_WORDS` words (lib/excerpt.ts): its start.
 * @param {number[]} weight
 */
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
 * @typedef {{location: number, balanced_score?: number}} WeightedLocation
 * @typedef {{url: string, excerpt?: string, raw_content?: string, content?: string,
 *   meta?: {title?: string}, filters?: {category?: string[]}, sub_results?: {url: string, title: string}[],
 *   locations?: number[], weighted_locations?: WeightedLocation[]}} Fragment Pagefind's `result.data()`
 */

/**
 * Pagefind's excerpt starts wherever its densest window of matches starts, often
 * mid-sentence. The same window (Pagefind's words, matches and weights), started at
 * the sentence of its first match (or a few words before the match, with "…"), and
 * ended at a sentence end when one is near (else with "…"). Null when the fragment
 * lacks what it takes: Pagefind's excerpt is shown then.
 * @param {Fragment} d
 */
export function sentenceExcerpt(d) {
  const text = d.raw_content;
  const locs = (d.weighted_locations || []).filter((l) => Number.isInteger(l.location) && l.location >= 0);
  if (typeof text !== 'string' || !locs.length || text.includes('\u200B')) return null;
  const words = text.split(/[^\S\uFEFF]+/g);
  /** @type {number[]} */
  const weight = [];
  for (const l of locs) weight[l.location] = (weight[l.location] || 0) + (l.balanced_score || 1);
  const start = excerptRegion(weight);
  const sorted = locs.map((l) => l.location).sort((a, b) => a - b);
  const first = sorted.find((k) => k >= start) ?? sorted[0];
  const isStart = (/** @type {number} */ k) => k === 0 || SENTENCE_END.test(words[k - 1]);
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
 * @typedef {{url: string, excerpt: string | undefined, meta: {title: string | undefined},
 *   filters: {category: string[]}, sub_results: {url: string, title: string}[], marked: string[]}} Snapshot
 */

/**
 * What the UI uses of a fragment: display fields and the words at the match locations.
 * @param {Fragment} d
 * @returns {Snapshot}
 */
export function snapshot(d) {
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

/**
 * An excerpt with `<mark>` tags as pieces of text, each marked or not.
 * Pagefind marks whitespace-separated words ("возврат."): the word is marked,
 * not its punctuation. Everything is text: no HTML is interpreted.
 * @param {unknown} excerpt
 * @returns {{text: string, mark: boolean}[]}
 */
export function highlightParts(excerpt) {
  /** @type {{text: string, mark: boolean}[]} */
  const out = [];
  let inMark = false;
  for (const part of String(excerpt || '').split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') inMark = true;
    else if (part === '</mark>') inMark = false;
    else if (part) {
      const text = decodeExcerptText(part);
      const m = inMark ? text.match(/^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u) : null;
      if (m && m[2]) {
        for (const [t, mark] of /** @type {[string, boolean][]} */ ([[m[1], false], [m[2], true], [m[3], false]])) {
          if (t !== '') out.push({ text: t, mark });
        }
      } else out.push({ text, mark: false });
    }
  }
  return out;
}

// --------------------------------------------------------------- UI strings

/**
 * A formatter over one language's UI strings (generated from src/render/i18n.rs):
 * `{name}` is replaced by `vars.name`; with `vars.n === 1` the `<key>_one` form
 * is used when there is one. A missing key gives the key itself.
 * @param {Record<string, string>} table
 * @returns {(key: string, vars?: Record<string, string | number>) => string}
 */
export function formatter(table) {
  return (key, vars = {}) => {
    const s = (vars.n === 1 && table[`${key}_one`]) || table[key] || key;
    return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  };
}
