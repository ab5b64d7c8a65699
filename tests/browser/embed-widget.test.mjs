// Atlassian's own status widget (@statuspage/status-widget, from npm) embedded on
// another origin: a page on origin A shows the status that origin B publishes in
// /api/v2/summary.json. B is `frontline serve`, which answers with the rules of
// the `_headers` file the build emits (CORS for /api/v2/*), as Netlify and
// Cloudflare Pages do. The same build behind a server that ignores `_headers`
// (origin C) is refused by the browser: the header is what makes it work.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { BUILD_NOW, DEMO_ROOT, freePort, frontlineBin, launchBrowser, REPO_ROOT, serve } from './helpers.mjs';

const WIDGET = path.join(REPO_ROOT, 'tests/browser/node_modules/@statuspage/status-widget/dist/index.js');

/** `frontline serve` of the demo site on a free port; resolves to its origin. */
async function frontlineServe(proc) {
  const port = await freePort();
  proc.child = spawn(frontlineBin(), ['--root', DEMO_ROOT, 'serve', '--port', String(port), '--now', BUILD_NOW], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = readline.createInterface({ input: proc.child.stdout });
  await new Promise((resolve, reject) => {
    rl.once('line', resolve);
    proc.child.once('exit', (code) => reject(new Error(`frontline serve exited with ${code}`)));
  });
  return `http://127.0.0.1:${port}`;
}

describe('status widget on another origin', () => {
  const proc = {};
  let tmp;
  let embed;
  let plain;
  let origin;
  let browser;

  before(async () => {
    assert.ok(fs.existsSync(WIDGET), `${WIDGET} is missing: run npm ci in tests/browser`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-widget-'));
    origin = await frontlineServe(proc);
    // Origin C: the same build, served by a static server that knows nothing of `_headers`.
    const out = path.join(tmp, 'public');
    const res = spawnSync(frontlineBin(), ['--root', DEMO_ROOT, 'build', '--no-search', '--now', BUILD_NOW, '--out', out, '--internal-out', path.join(tmp, 'internal')], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    plain = await serve(out);
    // Origin A: a page of someone else's site with the widget on it.
    const site = path.join(tmp, 'embed');
    fs.mkdirSync(site);
    fs.copyFileSync(WIDGET, path.join(site, 'status-widget.js'));
    fs.writeFileSync(
      path.join(site, 'index.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embed</title>' +
        '<script src="/status-widget.js"></script></head><body>' +
        `<statuspage-widget id="ours" src="${origin}"></statuspage-widget>` +
        `<statuspage-widget id="plain" src="${plain.origin}"></statuspage-widget>` +
        '</body></html>',
    );
    embed = await serve(site);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    proc.child?.kill();
    await embed?.close();
    await plain?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('renders the status from summary.json served with the emitted headers, and not without them', async () => {
    const page = await browser.newPage();
    const refused = [];
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
    });
    await page.goto(embed.url('/'), { waitUntil: 'load' });
    const response = await fetch(`${origin}/api/v2/summary.json`);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const summary = await response.json();
    assert.notEqual(summary.status.description, 'All Systems Operational', 'the demo has an open incident');
    const text = page.locator('#ours .status-text');
    await text.waitFor({ timeout: 15_000 });
    assert.equal((await text.textContent()).trim(), summary.status.description, 'the widget shows our status');
    // The same JSON without the header: the browser refuses it, the widget shows nothing of it.
    await page.waitForFunction((d) => window.performance.getEntriesByType('resource').some((e) => e.name.includes('summary.json') && !e.name.includes(d)), origin.split('//')[1], { timeout: 15_000 });
    const plainText = await page.locator('#plain .status-text').textContent({ timeout: 2_000 }).catch(() => '');
    assert.notEqual(plainText.trim(), summary.status.description, 'without Access-Control-Allow-Origin the status is not readable');
    assert.ok(refused.some((m) => /CORS|Access-Control-Allow-Origin/.test(m)), `the browser reported the refusal: ${refused.join(' | ')}`);
    await page.close();
  });
});
