// HTML validity of every page kind of the example site: the built files are
// checked by the Nu HTML Checker (npm `vnu-jar`, run with the system Java) in
// one JVM start; any error fails the test and is printed with file, line and
// message. Warnings and info messages do not fail it (--errors-only).
//
// The page kinds (helpers.mjs EXAMPLE_PAGE_FILES: EXAMPLE_PAGES, one per built
// file) are the same ones a11y.test.mjs checks for accessibility.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EXAMPLE_PAGE_FILES as PAGES, REPO_ROOT, buildSite } from './helpers.mjs';

const JAVA = process.env.JAVA_BIN || 'java';

/** Path of vnu.jar from the `vnu-jar` package (its main export is the path). */
function vnuJar() {
  const require = createRequire(import.meta.url);
  let jar;
  try {
    jar = String(require('vnu-jar'));
  } catch (e) {
    throw new Error(`npm package vnu-jar is not installed (run \`npm ci\` in tests/browser): ${e.message}`);
  }
  assert.ok(fs.existsSync(jar), `vnu.jar not found at ${jar}`);
  return jar;
}

describe('HTML validity (Nu HTML Checker)', () => {
  it(`${PAGES.length} pages of every kind have no errors`, (t) => {
    const site = buildSite();
    const files = PAGES.map(([siteName, rel]) => path.join(site[siteName], rel));
    const missing = PAGES.filter((_, i) => !fs.existsSync(files[i])).map(([s, rel, kind]) => `${s}/${rel} (${kind})`);
    assert.deepEqual(missing, [], 'every listed page was built');

    const jar = vnuJar();
    const res = spawnSync(JAVA, ['-jar', jar, '--format', 'json', '--errors-only', ...files], {
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (res.error) {
      throw new Error(
        `cannot run \`${JAVA} -jar ${jar}\`: ${res.error.message}. The HTML check needs Java 11+ ` +
          '(Debian: `apt-get install default-jre-headless`; scripts/test installs it) or JAVA_BIN.',
      );
    }
    // vnu writes its JSON report to stderr; exit 1 means "errors found".
    let report;
    try {
      report = JSON.parse(res.stderr);
    } catch {
      throw new Error(`vnu exited ${res.status} without a JSON report:\n${res.stdout}\n${res.stderr}`);
    }
    const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
    const rel = (url) => {
      const file = url.startsWith('file:') ? decodeURIComponent(new URL(url).pathname) : url;
      for (const siteName of ['public', 'internal']) {
        if (file.startsWith(site[siteName] + path.sep)) return `${siteName}/${path.relative(site[siteName], file)}`;
      }
      return file;
    };
    const lines = errors.map((m) => `  ${rel(m.url)}:${m.lastLine ?? m.firstLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}` +
      (m.extract ? `\n      ${JSON.stringify(m.extract)}` : ''));
    t.diagnostic(`vnu ${report.version}: ${files.length} files, ${errors.length} error(s)`);
    assert.equal(errors.length, 0, `${errors.length} HTML error(s):\n${lines.join('\n')}`);
    assert.equal(res.status, 0, `vnu exited ${res.status}:\n${res.stderr.slice(0, 2000)}`);
  });
});

// The theme's JavaScript is published minified (src/render/templates.rs): the
// published files must still parse. (Every search and page test runs them too;
// this names a minifier fault directly.) `node --check` on a copy: search.js is
// an ES module (.mjs), site.js a classic script (.cjs).
describe('published JavaScript parses', () => {
  for (const [file, ext] of [['search.js', '.mjs'], ['site.js', '.cjs']]) {
    it(`public/assets/${file} (minified) passes node --check`, (t) => {
      const site = buildSite();
      const src = path.join(site.public, 'assets', file);
      const copy = path.join(site.tmp, `check-${file}${ext}`);
      fs.copyFileSync(src, copy);
      const res = spawnSync(process.execPath, ['--check', copy], { encoding: 'utf8' });
      const published = fs.statSync(src).size;
      const written = fs.statSync(path.join(REPO_ROOT, 'themes', 'default', 'static', file)).size;
      t.diagnostic(`${file}: ${published} bytes published from ${written}`);
      assert.equal(res.status, 0, `node --check ${file}:\n${res.stderr}`);
      assert.ok(published < written, `${file} is published minified (${published} < ${written} bytes)`);
    });
  }
});
