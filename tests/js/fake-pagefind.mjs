// A fake Pagefind for the engine's unit tests: the parts of its JS API the
// engine uses (options, init, mergeIndex, search, result.data()), over a few
// pages held in memory, matching as Pagefind does: every query word must be on
// the page, as a prefix of a page word (`"word"`: exactly); a word no page has
// backs off to the longest indexed word the query word starts with
// ("возрват" -> "в"). Results come best first (more matches), then by id.

const words = (text) => text.split(/\s+/).filter(Boolean);
const bare = (w) => w.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * @param {{url: string, title: string, text: string, category?: string}[]} pages
 * @param {string[]} log what was called, for assertions ("search <q>", "data <url>")
 */
export function fakePagefind(pages, log) {
  const indexed = new Set(pages.flatMap((p) => words(p.text).map(bare)));
  const locate = (page, term, exact) => {
    const ws = words(page.text).map(bare);
    let hit = (w) => (exact ? w === term : w.startsWith(term));
    if (!exact && ![...indexed].some((w) => w.startsWith(term))) {
      let p = term;
      while (p && !indexed.has(p)) p = p.slice(0, -1);
      if (!p) return [];
      hit = (w) => w === p;
    }
    return ws.flatMap((w, i) => (hit(w) ? [i] : []));
  };
  return {
    async options() {},
    async init() {},
    async mergeIndex() {},
    async search(query) {
      log.push(`search ${query}`);
      const exact = /^".*"$/.test(query);
      const terms = words(query.replace(/"/g, '')).map(bare);
      const results = [];
      pages.forEach((page, id) => {
        const locs = terms.map((t) => locate(page, t, exact));
        if (!locs.every((l) => l.length)) return;
        const all = [...new Set(locs.flat())].sort((a, b) => a - b);
        results.push({
          id: `p${id}`,
          score: all.length,
          data: async () => {
            log.push(`data ${page.url}`);
            return {
              url: page.url,
              raw_content: page.text,
              excerpt: page.text,
              meta: { title: page.title },
              filters: page.category ? { category: [page.category] } : {},
              sub_results: [],
              locations: all,
              weighted_locations: all.map((location) => ({ location, balanced_score: 1 })),
            };
          },
        });
      });
      results.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      return { results };
    },
  };
}
