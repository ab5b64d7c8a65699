// Search benchmark (not a test): on a generated site, the Pagefind index size and
// what the browser fetches for a first query. Usage:
//   node bench-search.mjs <built public dir> [query] [--gzip] [--home /path/]
// Serves the folder with its own static server, which logs every response's
// body size: `raw` (the file) and `wire` (what a static host that gzips text
// sends: JS, JSON, HTML, CSS, SVG gzipped at zlib's default level; Pagefind's
// index files — .pf_meta, .pf_index, .pf_fragment, wasm — are gzip-compressed
// by Pagefind already and sent as they are). `--gzip` makes the server really
// send gzip, so that the browser sees what a real host sends; the figures are
// the same either way. Each scenario runs in a fresh browser context (empty
// cache):
//   1. /search/?q=<query>: bytes and requests until the results are shown;
//   2. then scrolling to "other languages" on that page (the other bundles);
//   3. the instant results under the search box of the home page: page load,
//      focus, typing the query, until its options are shown.
// Search requests (our search.js, /search/*.json, /pagefind/**) are the total;
// the page itself (HTML, CSS, site.js, favicon) is listed apart.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser } from './helpers.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const option = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const gzipOn = flag('--gzip');
const homePath = option('--home', '/');
const [dir, query = 'пароль'] = args;
if (!dir || !fs.existsSync(path.join(dir, 'pagefind'))) {
  console.error('usage: node bench-search.mjs <public dir with pagefind/> [query] [--gzip] [--home /path/]');
  process.exit(2);
}
const root = path.resolve(dir);

// ------------------------------------------------------------ index size

function du(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return { bytes: st.size, files: 1 };
  return fs
    .readdirSync(p)
    .map((f) => du(path.join(p, f)))
    .reduce((a, b) => ({ bytes: a.bytes + b.bytes, files: a.files + b.files }), { bytes: 0, files: 0 });
}
const KiB = (n) => `${(n / 1024).toFixed(1)} KiB`;
const idx = du(path.join(root, 'pagefind'));
const extra = du(path.join(root, 'search'));
console.log(`index: ${(idx.bytes / 1048576).toFixed(1)} MiB in ${idx.files} files under pagefind/, ${KiB(extra.bytes)} under search/`);
for (const f of fs.readdirSync(path.join(root, 'search')).sort()) {
  if (!f.endsWith('.json')) continue;
  const body = fs.readFileSync(path.join(root, 'search', f));
  const words = f.startsWith('vocab') ? `, ${Object.keys(JSON.parse(body)).length} words` : '';
  console.log(`  search/${f}: ${KiB(body.length)} raw, ${KiB(zlib.gzipSync(body).length)} gzipped${words}`);
}

// ------------------------------------------------------------ the server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};
const gzCache = new Map();
let log = [];

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  let file;
  try {
    file = path.join(root, decodeURIComponent(url.pathname));
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    log.push({ path: url.pathname, status: 404, raw: 0, wire: 0 });
    return;
  }
  const body = fs.readFileSync(file);
  const type = TYPES[path.extname(file)] || 'application/octet-stream';
  const text = type !== 'application/octet-stream';
  let gz = null;
  if (text) {
    if (!gzCache.has(file)) gzCache.set(file, zlib.gzipSync(body));
    gz = gzCache.get(file);
  }
  const sendGz = gzipOn && gz && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
  const sent = sendGz ? gz : body;
  const headers = { 'content-type': type, 'content-length': sent.length, 'cache-control': 'no-cache' };
  if (sendGz) headers['content-encoding'] = 'gzip';
  if (gz) headers.vary = 'accept-encoding';
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : sent);
  log.push({ path: url.pathname, status: 200, raw: body.length, wire: gz ? gz.length : body.length });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------ reporting

function kind(p) {
  if (p === '/assets/search.js' || p.startsWith('/assets/search/')) return 'search.js + search/*.js (ours)';
  if (p === '/search/config.json') return 'search config';
  if (/^\/search\/vocab-[^/]+\.json$/.test(p)) return 'vocabulary';
  if (!p.startsWith('/pagefind/')) return null; // the page itself
  if (p.endsWith('/pagefind.js')) return 'pagefind.js';
  if (p.endsWith('/pagefind-worker.js')) return 'pagefind-worker.js';
  if (p.endsWith('/pagefind-entry.json')) return 'pagefind-entry.json';
  if (p.endsWith('.pf_meta')) return 'metadata (.pf_meta)';
  if (/\/wasm\.[^/]+\.pagefind$/.test(p)) return 'wasm';
  if (p.endsWith('.pf_index')) return 'index chunks';
  if (p.endsWith('.pf_fragment')) return 'fragments';
  if (p.endsWith('.pf_filter')) return 'filters';
  return 'pagefind, other';
}

function report(title, entries, { listFiles = false } = {}) {
  const search = entries.filter((e) => kind(e.path));
  const page = entries.filter((e) => !kind(e.path));
  const sum = (es, k) => es.reduce((a, e) => a + e[k], 0);
  const byKind = new Map();
  for (const e of search) {
    const lang = e.path.match(/^\/pagefind\/([^/]+)\//)?.[1];
    const k = `${kind(e.path)}${lang ? ` [${lang}]` : ''}`;
    const g = byKind.get(k) || { n: 0, raw: 0, wire: 0 };
    g.n++;
    g.raw += e.raw;
    g.wire += e.wire;
    byKind.set(k, g);
  }
  console.log(`\n${title}`);
  console.log(`  ${'kind'.padEnd(32)} ${'req'.padStart(4)} ${'raw'.padStart(11)} ${'wire (gzip)'.padStart(12)}`);
  for (const [k, g] of byKind) console.log(`  ${k.padEnd(32)} ${String(g.n).padStart(4)} ${KiB(g.raw).padStart(11)} ${KiB(g.wire).padStart(12)}`);
  console.log(
    `  ${'TOTAL search'.padEnd(32)} ${String(search.length).padStart(4)} ${KiB(sum(search, 'raw')).padStart(11)} ${KiB(sum(search, 'wire')).padStart(12)}` +
      `   (${(sum(search, 'wire') / 1000).toFixed(1)} kB on the wire)`,
  );
  if (page.length) console.log(`  ${'(the page itself)'.padEnd(32)} ${String(page.length).padStart(4)} ${KiB(sum(page, 'raw')).padStart(11)} ${KiB(sum(page, 'wire')).padStart(12)}`);
  const missing = entries.filter((e) => e.status !== 200);
  if (missing.length) console.log(`  not found: ${missing.map((e) => e.path).join(' ')}`);
  if (listFiles) for (const e of search) console.log(`    ${String(e.raw).padStart(8)} ${String(e.wire).padStart(8)}  ${e.path}`);
  return { requests: search.length, raw: sum(search, 'raw'), wire: sum(search, 'wire') };
}

/** Waits until no request has arrived for `ms`. */
async function idle(ms = 500) {
  let n = -1;
  while (n !== log.length) {
    n = log.length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

// ------------------------------------------------------------ scenarios

const browser = await launchBrowser();
const errors = [];
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, context };
}
const list = process.env.BENCH_LIST === '1';

{
  const { page, context } = await freshPage();
  log = [];
  const t0 = Date.now();
  await page.goto(`${origin}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
  await page.waitForFunction(
    () => {
      const c = document.getElementById('search-results');
      const s = c && c.querySelector('.search-status');
      return s && s.textContent && !c.hasAttribute('aria-busy');
    },
    null,
    { timeout: 60_000 },
  );
  const ms = Date.now() - t0;
  await idle();
  const shown = await page.locator('#search-results .search-result').count();
  const status = await page.locator('#search-results .search-status').first().textContent();
  report(`1. first query "${query}" on /search/ (${shown} results shown, "${status}", ${ms} ms to results)`, log, { listFiles: list });

  const other = page.locator('.search-other');
  if (await other.count()) {
    log = [];
    await other.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('.search-other-status'), null, { timeout: 60_000 });
    await idle();
    const text = await page.locator('.search-other-status').textContent();
    report(`2. then scrolling to "other languages" ("${text}")`, log, { listFiles: list });
  } else {
    console.log('\n2. no "other languages" block (the other languages filled the first page)');
  }
  await context.close();
}

{
  const { page, context } = await freshPage();
  log = [];
  await page.goto(`${origin}${homePath}`, { waitUntil: 'load' });
  await idle(200);
  const input = page.locator('form.search-form input[name="q"]').first();
  await input.click();
  await input.pressSequentially(query, { delay: 40 });
  const t0 = Date.now();
  await page.waitForFunction(
    (q) => {
      const all = document.querySelector('.search-popup [role="option"][data-kind="all"], .search-popup [role="option"][data-kind="contact"]');
      return all && (all.dataset.kind === 'contact' || new URL(all.dataset.href, location.href).searchParams.get('q') === q);
    },
    query,
    { timeout: 60_000 },
  );
  const ms = Date.now() - t0;
  await idle();
  const n = await page.locator('.search-popup [role="option"][data-kind="result"]').count();
  report(`3. instant results for "${query}" typed into the box on ${homePath} (${n} options, ${ms} ms after the last key)`, log, { listFiles: list });
  await context.close();
}

if (errors.length) console.log(`\nscript errors: ${errors.join(' | ')}`);
console.log(`\nserved ${gzipOn ? 'with' : 'without'} gzip; "wire" = gzip (zlib level 6) for text, Pagefind's own files as they are. BENCH_LIST=1 lists every file.`);
await browser.close();
await new Promise((resolve) => server.close(resolve));
