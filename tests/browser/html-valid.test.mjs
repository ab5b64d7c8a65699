// HTML validity of every page kind of the example site: the built files are
// checked by the Nu HTML Checker (npm `vnu-jar`, run with the system Java) in
// one JVM start; any error fails the test and is printed with file, line and
// message. Warnings and info messages do not fail it (--errors-only).
//
// The same page kinds are checked for accessibility in a11y.test.mjs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildSite } from './helpers.mjs';

const JAVA = process.env.JAVA_BIN || 'java';

// [site, file under the site's output folder, page kind]
const PAGES = [
  ['public', 'index.html', 'home (ru)'],
  ['public', 'en/index.html', 'home (en)'],
  ['public', 'articles/payments/index.html', 'category'],
  ['public', 'articles/payments/refund/index.html', 'article (ru)'],
  ['public', 'articles/delivery/delivery-times/index.html', 'article (ru): table, footnotes'],
  ['public', 'articles/api/api-errors/index.html', 'article (ru): highlighted code'],
  ['public', 'articles/account/reset-password/index.html', 'article (ru): task list'],
  ['public', 'en/articles/payments/refund/index.html', 'article (en)'],
  ['public', 'en/articles/delivery/delivery-times/index.html', 'article (en): table, footnotes'],
  ['public', 'en/articles/api/rate-limits/index.html', 'article (en): wide table, code'],
  ['public', 'search/index.html', 'search'],
  ['public', 'status/index.html', 'status'],
  ['public', 'status/incidents/2026-11-23-card-payments/index.html', 'incident (open)'],
  ['public', 'status/incidents/2026-11-28-db-maintenance/index.html', 'incident (maintenance)'],
  ['public', 'status/history/index.html', 'history'],
  ['public', '404.html', '404'],
  ['internal', 'index.html', 'internal home'],
  ['internal', 'runbooks/index.html', 'runbook list'],
  ['internal', 'runbooks/payments/card-declines/index.html', 'runbook'],
  ['internal', 'articles/account/account-recovery-checks/index.html', 'internal article'],
  ['internal', 'articles/account/reset-password/index.html', 'article with a reply card and internal note'],
];

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
