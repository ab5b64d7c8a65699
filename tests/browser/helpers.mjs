// Shared helpers for the frontline browser tests.
//
//  - buildSite():   runs the release binary once per test process on the demo
//                   site (tests/fixtures/demo) and returns the output folders.
//  - buildFixture(dir, {editSiteYaml}): builds a copy of another site folder.
//  - serve(dir):    a tiny static HTTP server on 127.0.0.1 (random port).
//  - launchBrowser(): headless Debian chromium through playwright-core.
//  - EXAMPLE_PAGES, EXAMPLE_PAGE_FILES: every page kind of the example site,
//                   as URL paths (a11y.test.mjs) and as built files
//                   (html-valid.test.mjs).
//
// Nothing here skips a test: a missing binary or browser throws, so every test
// that depends on it fails with the message below.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..');
/** The demo site the tests build: the example site frozen with an open incident (tests/fixtures/demo). */
export const DEMO_ROOT = path.join(REPO_ROOT, 'tests', 'fixtures', 'demo');
export const SCREENSHOT_DIR = path.join(here, 'screenshots');
export const BUILD_NOW = '2026-11-23T12:00:00+03:00';
export const CHROMIUM_PATH = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function frontlineBin() {
  return process.env.FRONTLINE_BIN
    ? path.resolve(process.env.FRONTLINE_BIN)
    : path.join(REPO_ROOT, 'target', 'release', 'frontline');
}

let built = null;

/** Builds the site at `root` into a new temp dir; returns {tmp, public, internal}. */
function buildInto(root, tmp) {
  const bin = frontlineBin();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `frontline binary not found at ${bin}.\n` +
        `Run \`cargo build --release\` in ${REPO_ROOT} first ` +
        `(or point FRONTLINE_BIN at a frontline binary).`,
    );
  }
  const out = {
    tmp,
    public: path.join(tmp, 'public'),
    internal: path.join(tmp, 'internal'),
  };
  const args = [
    '--root', root,
    'build',
    '--out', out.public,
    '--internal-out', out.internal,
    '--now', BUILD_NOW,
  ];
  const res = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  if (res.error || res.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      `\`${bin} ${args.join(' ')}\` failed ` +
        `(${res.error ? res.error.message : `exit ${res.status}`}):\n${res.stdout}\n${res.stderr}`,
    );
  }
  for (const dir of [out.public, out.internal]) {
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`frontline build succeeded but ${dir}/index.html is missing`);
    }
  }
  process.once('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  return out;
}

/** Builds the example site once per process; returns {tmp, public, internal}. */
export function buildSite() {
  if (built) return built;
  built = buildInto(DEMO_ROOT, fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-browser-')));
  return built;
}

/**
 * Builds a copy of another site folder (e.g. `tests/fixtures/search`), not
 * memoised. `editSiteYaml(text) -> text` may rewrite the copy's site.yaml
 * first (say, to point `feedback.endpoint` at a local receiver).
 * Returns {tmp, root, public, internal}; everything is removed on exit.
 */
export function buildFixture(fixtureRoot, { editSiteYaml } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-fixture-'));
  const root = path.join(tmp, 'site');
  fs.cpSync(path.resolve(REPO_ROOT, fixtureRoot), root, { recursive: true });
  if (editSiteYaml) {
    const file = path.join(root, 'site.yaml');
    fs.writeFileSync(file, editSiteYaml(fs.readFileSync(file, 'utf8')));
  }
  return { ...buildInto(root, tmp), root };
}

/**
 * Every page kind of the example site, checked for accessibility in the
 * browser (a11y.test.mjs) and for HTML validity as built files
 * (html-valid.test.mjs): [site, URL path, page kind, optional readiness check
 * run in the page before it is checked].
 */
export const EXAMPLE_PAGES = [
  ['public', '/', 'home (ru)'],
  ['public', '/en/', 'home (en)'],
  ['public', '/articles/payments/', 'category'],
  ['public', '/articles/payments/refund/', 'article (ru)'],
  ['public', '/articles/delivery/delivery-times/', 'article (ru): table, footnotes'],
  ['public', '/articles/api/api-errors/', 'article (ru): highlighted code'],
  ['public', '/articles/account/reset-password/', 'article (ru): task list'],
  ['public', '/en/articles/payments/refund/', 'article (en)'],
  ['public', '/en/articles/delivery/delivery-times/', 'article (en): table, footnotes'],
  ['public', '/en/articles/api/rate-limits/', 'article (en): wide table, code'],
  ['public', '/search/', 'search (empty)'],
  // The same file as /search/: only the browser sees a difference.
  ['public', '/search/?q=возврат', 'search (results)', searchResultsShown],
  ['public', '/search/?q=флюгегехаймен', 'search (no results: contact box, promoted articles)', searchNothingShown],
  ['public', '/status/', 'status'],
  ['public', '/status/incidents/2026-11-23-card-payments/', 'incident (open)'],
  ['public', '/status/incidents/2026-11-28-db-maintenance/', 'incident (maintenance)'],
  ['public', '/status/history/', 'history'],
  ['public', '/404.html', '404'],
  ['internal', '/', 'internal home (shift screen)'],
  ['internal', '/en/', 'internal home (en)'],
  ['internal', '/runbooks/', 'runbook list'],
  ['internal', '/runbooks/payments/card-declines/', 'runbook'],
  ['internal', '/articles/account/account-recovery-checks/', 'internal article'],
  ['internal', '/articles/account/reset-password/', 'article with a reply card and internal note'],
];

/** Readiness check (runs in the page): the search page shows its final results. */
function searchResultsShown() {
  return !!document.querySelector('.search-result') &&
    !document.getElementById('search-results').hasAttribute('aria-busy');
}

/** Readiness check (runs in the page): the search page shows its "nothing found" box. */
function searchNothingShown() {
  return !!document.querySelector('.search-empty') &&
    !document.getElementById('search-results').hasAttribute('aria-busy');
}

/** URL path -> file under the site's output folder: "/a/b/" -> "a/b/index.html", "/404.html" -> "404.html". */
export function pageFile(urlPath) {
  return urlPath.endsWith('/') ? `${urlPath.slice(1)}index.html` : urlPath.slice(1);
}

/**
 * EXAMPLE_PAGES as built files, one entry per file (a URL with a query string
 * is left out: its file is listed without it): [site, file under the site's
 * output folder, page kind].
 */
export const EXAMPLE_PAGE_FILES = EXAMPLE_PAGES.filter(([, urlPath]) => !urlPath.includes('?')).map(
  ([siteName, urlPath, kind]) => [siteName, pageFile(urlPath), kind],
);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Maps a URL path to a file under root, or null (folders -> index.html). */
function resolveFile(root, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (stat.isDirectory()) {
    const index = path.join(file, 'index.html');
    return fs.existsSync(index) ? index : null;
  }
  return stat.isFile() ? file : null;
}

/**
 * Serves `root` on 127.0.0.1:<random port>. Returns {origin, url(p), close()}.
 * Folder URLs serve index.html (a folder URL without a trailing slash is
 * redirected to the slash form, as static hosts do); unknown paths get the
 * site's 404.html with status 404.
 */
export async function serve(root) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveFile(root, pathname);
    if (file && path.basename(file) === 'index.html' && !pathname.endsWith('/') &&
        !pathname.endsWith('/index.html')) {
      res.writeHead(301, { location: pathname + '/' }).end();
      return;
    }
    let status = 200;
    let body;
    let type;
    if (file) {
      body = fs.readFileSync(file);
      type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    } else {
      status = 404;
      const notFound = path.join(root, '404.html');
      body = fs.existsSync(notFound) ? fs.readFileSync(notFound) : Buffer.from('Not found\n');
      type = TYPES['.html'];
    }
    res.writeHead(status, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (p) => origin + p,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A TCP port free on 127.0.0.1 right now (for a server a test starts). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Launches headless chromium; throws a clear error when it is not installed. */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. These tests need a real browser: ` +
        `install Debian's chromium (\`apt-get install chromium\`) or set CHROMIUM_BIN. ` +
        `Do not run \`npx playwright install\`.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Everything a test file needs: the built site, one server per site
 * (`servers.public`, `servers.internal`) and a browser.
 */
export async function setup() {
  const site = buildSite();
  const browser = await launchBrowser();
  const servers = {};
  try {
    servers.public = await serve(site.public);
    servers.internal = await serve(site.internal);
  } catch (e) {
    await browser.close();
    throw e;
  }
  return { site, browser, servers };
}

export async function teardown(env) {
  if (!env) return;
  await env.browser?.close();
  await Promise.all(Object.values(env.servers || {}).map((s) => s.close()));
}

/**
 * Memoises an async function: every caller gets the same promise, so a
 * failure is re-thrown into every test that needs the result.
 */
export function once(fn) {
  let promise;
  const get = () => (promise ??= fn());
  get.started = () => promise !== undefined;
  return get;
}

/**
 * Lazily created test environment. Tests call `await env()`; when the binary
 * or the browser is missing, every test FAILS with the reason (a throwing
 * before() hook would only mark them "cancelled"). Register `env.teardown`
 * with after().
 */
export function lazyEnv() {
  const env = once(setup);
  env.teardown = async () => {
    if (!env.started()) return;
    await teardown(await env().catch(() => null));
  };
  return env;
}

/** Parses a computed CSS colour (`rgb()`/`rgba()`/`color(srgb ...)`) to [r,g,b,a] in 0..255. */
export function parseColor(css) {
  let m = css.match(/^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/);
  if (m) {
    const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [+m[1], +m[2], +m[3], a];
  }
  m = css.match(/^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+))?\s*\)$/);
  if (m) return [m[1] * 255, m[2] * 255, m[3] * 255, m[4] === undefined ? 1 : +m[4]];
  throw new Error(`cannot parse colour ${JSON.stringify(css)}`);
}

/** WCAG relative luminance of a computed CSS colour, 0 (black) .. 1 (white). */
export function luminance(css) {
  const [r, g, b] = parseColor(css).map((v, i) => (i < 3 ? v / 255 : v));
  const lin = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio between two computed CSS colours. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Page paths to a safe file name: "/en/articles/x/" -> "public--en--articles--x". */
export function shotName(siteName, urlPath) {
  const slug = urlPath.replace(/^\/+|\/+$/g, '').replace(/[^a-zA-Z0-9.-]+/g, '--') || 'home';
  return `${siteName}--${slug}`;
}
