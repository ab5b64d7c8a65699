// Accessibility of every page kind of the example site: axe-core (axe.min.js,
// every rule it runs by default; nothing disabled) in headless Chromium, in the
// light and the dark colour scheme at desktop width, and at phone width (where
// tables and code blocks become scrollable regions). A violation of impact "serious" or
// "critical" fails the test and is printed with its rule id, impact, the CSS
// selectors of the offending nodes and axe's help text.
//
// The page kinds (helpers.mjs EXAMPLE_PAGES) are the same ones html-valid.test.mjs
// checks for HTML validity.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_PAGES, lazyEnv } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE_PATH = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** One line per violation and node: rule, impact, target selectors, help. */
function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | ')}` +
          (n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''))
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

describe('accessibility (axe-core)', () => {
  const env = lazyEnv();
  after(env.teardown);

  it('axe-core is installed', () => {
    assert.ok(fs.existsSync(AXE_PATH), `${AXE_PATH} is missing; run \`npm ci\` in tests/browser`);
  });

  // Colour rules depend on the scheme, scrolling and reflow on the width; the
  // phone-width layout differs from the desktop one only in sizes, so one scheme
  // is enough there.
  const PASSES = [
    ['light', DESKTOP, 'light scheme, 1280 px'],
    ['dark', DESKTOP, 'dark scheme, 1280 px'],
    ['light', PHONE, 'light scheme, 360 px'],
  ];
  for (const [colorScheme, viewport, passName] of PASSES) {
    describe(passName, () => {
      for (const [siteName, urlPath, kind, ready] of EXAMPLE_PAGES) {
        it(`${kind}: ${siteName} ${urlPath} has no serious or critical violations`, async (t) => {
          const { browser, servers } = await env();
          const page = await browser.newPage({ viewport });
          try {
            await page.emulateMedia({ colorScheme });
            const res = await page.goto(servers[siteName].url(urlPath), { waitUntil: 'load' });
            assert.equal(res.status(), 200, `GET ${urlPath} on the ${siteName} site`);
            assert.equal(
              await page.evaluate((s) => matchMedia(`(prefers-color-scheme: ${s})`).matches, colorScheme),
              true,
              `prefers-color-scheme: ${colorScheme} is emulated`,
            );
            if (ready) await page.waitForFunction(ready, null, { timeout: 15000 });
            await page.evaluate(() => document.fonts.ready);
            await page.addScriptTag({ path: AXE_PATH });
            const result = await page.evaluate(() =>
              // eslint-disable-next-line no-undef
              axe.run(document, { resultTypes: ['violations'] }),
            );
            const bad = result.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
            const minor = result.violations.filter((v) => !FAILING_IMPACTS.has(v.impact));
            if (minor.length) t.diagnostic(`minor/moderate (not failing): ${minor.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ')}`);
            assert.equal(
              bad.length,
              0,
              `${bad.length} serious/critical axe violation(s) on ${siteName} ${urlPath} (${passName}):\n` +
                describeViolations(bad),
            );
          } finally {
            await page.close();
          }
        });
      }
    });
  }
});
