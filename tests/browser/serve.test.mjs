// `frontline serve` in a real browser: an open page reloads by itself after an
// edit, shows the build error as an overlay, and recovers when the file is fixed.
// Everything is observed through the DOM (no fixed sleeps).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { freePort, frontlineBin, launchBrowser, REPO_ROOT } from './helpers.mjs';

describe('serve live reload', () => {
  let proc;
  let browser;
  let root;
  let origin;

  before(async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-serve-'));
    root = path.join(tmp, 'site');
    fs.cpSync(path.join(REPO_ROOT, 'tests/fixtures/basic'), root, { recursive: true });
    // A theme override whose stylesheet the CSS test edits.
    fs.mkdirSync(path.join(root, 'themes/default/static'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'themes/default/static/style.css'), path.join(root, 'themes/default/static/style.css'));
    const port = await freePort();
    proc = spawn(frontlineBin(), ['--root', root, 'serve', '--port', String(port), '--now', '2026-11-23T12:00:00+03:00'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const rl = readline.createInterface({ input: proc.stdout });
    const first = await new Promise((resolve, reject) => {
      rl.once('line', resolve);
      proc.once('exit', (code) => reject(new Error(`frontline serve exited with ${code}`)));
    });
    assert.match(first, new RegExp(`http://127.0.0.1:${port}/`));
    origin = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
    process.once('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  });

  after(async () => {
    await browser?.close();
    proc?.kill();
  });

  it('reloads after an edit, shows an error overlay, and clears it after the fix', async () => {
    const page = await browser.newPage();
    const url = `${origin}/articles/tips-tricks/rock-n-roll/`;
    await page.goto(url, { waitUntil: 'load' });
    // The injected script has opened its event stream.
    await page.waitForFunction(() => window.__frontline && window.__frontline.events.readyState === 1, null, { timeout: 10_000 });
    await page.evaluate(() => { window.__notReloaded = true; });

    const file = path.join(root, 'content/articles/Tips & Tricks/rock-n-roll.md');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('## First steps', '## First steps\n\nLIVE-RELOAD-MARKER-42'));
    await page.waitForFunction(() => document.body.textContent.includes('LIVE-RELOAD-MARKER-42'), null, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__notReloaded), undefined, 'the page really reloaded');

    // Broken YAML: an overlay with path:line appears, the page itself stays.
    await page.waitForFunction(() => window.__frontline && window.__frontline.events.readyState === 1, null, { timeout: 10_000 });
    fs.writeFileSync(file, '---\ntitle: [unclosed\n---\nbody\n');
    const overlay = page.locator('#frontline-error-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await overlay.textContent();
    assert.match(text, /content\/articles\/Tips & Tricks\/rock-n-roll\.md:\d+:\d+: invalid YAML/);
    assert.ok(await page.evaluate(() => document.body.textContent.includes('LIVE-RELOAD-MARKER-42')), 'last good page still shown under the overlay');

    // Fixed: the page reloads and the overlay is gone.
    fs.writeFileSync(file, original);
    await page.waitForFunction(() => !document.getElementById('frontline-error-overlay') && !document.body.textContent.includes('LIVE-RELOAD-MARKER-42'), null, { timeout: 10_000 });
    await page.close();
  });

  it('a CSS-only change swaps the stylesheet without reloading', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__frontline && window.__frontline.events.readyState === 1, null, { timeout: 10_000 });
    await page.evaluate(() => { window.__notReloaded = true; });
    const css = path.join(root, 'themes/default/static/style.css');
    const theme = fs.readFileSync(path.join(REPO_ROOT, 'themes/default/static/style.css'), 'utf8');
    fs.writeFileSync(css, theme + '\nbody { outline: 7px solid rgb(1, 2, 3); }\n');
    await page.waitForFunction(() => getComputedStyle(document.body).outlineWidth === '7px', null, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__notReloaded), true, 'no full reload for CSS');
    await page.close();
  });
});
