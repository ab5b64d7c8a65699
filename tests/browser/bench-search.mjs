// Search benchmark (not a test): on a generated site, the Pagefind index size and
// the bytes the browser fetches for a first query. Usage:
//   node bench-search.mjs <built public dir> [query]
// Prints the total index size under pagefind/ and search/, and every search
// request (URL, bytes) made for the first query on /search/?q=.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, serve } from './helpers.mjs';

const dir = process.argv[2];
const query = process.argv[3] || 'пароль';
if (!dir || !fs.existsSync(path.join(dir, 'pagefind'))) {
  console.error('usage: node bench-search.mjs <public dir with pagefind/> [query]');
  process.exit(2);
}
function du(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return { bytes: st.size, files: 1 };
  return fs.readdirSync(p).map((f) => du(path.join(p, f))).reduce((a, b) => ({ bytes: a.bytes + b.bytes, files: a.files + b.files }), { bytes: 0, files: 0 });
}
const idx = du(path.join(dir, 'pagefind'));
const extra = du(path.join(dir, 'search'));
console.log(`index: ${(idx.bytes / 1048576).toFixed(1)} MiB in ${idx.files} files under pagefind/, ${(extra.bytes / 1024).toFixed(0)} KiB under search/`);

const server = await serve(dir);
const browser = await launchBrowser();
const page = await browser.newPage();
const fetched = [];
page.on('requestfinished', async (req) => {
  const url = new URL(req.url());
  if (!url.pathname.startsWith('/pagefind/') && !url.pathname.startsWith('/search/')) return;
  if (url.pathname === '/search/' || url.pathname.endsWith('.html')) return;
  const sizes = await req.sizes().catch(() => null);
  fetched.push({ path: url.pathname, bytes: sizes ? sizes.responseBodySize : 0 });
});
await page.goto(server.url(`/search/?q=${encodeURIComponent(query)}`), { waitUntil: 'load' });
await page.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0 || /0|нет|no /i.test(document.querySelector('#search-results')?.textContent || ''), null, { timeout: 60_000 });
await page.waitForTimeout(500);
const total = fetched.reduce((a, f) => a + f.bytes, 0);
for (const f of fetched) console.log(`  ${String(f.bytes).padStart(8)}  ${f.path}`);
console.log(`first query "${query}": ${(total / 1024).toFixed(0)} KiB in ${fetched.length} requests; results: ${await page.locator('#search-results a').count()} links`);
await browser.close();
await server.close();
