// Light and dark colour schemes (prefers-color-scheme), including the syntax
// highlighting of code blocks.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contrast, lazyEnv, luminance, parseColor } from './helpers.mjs';

const CODE_PAGE = '/articles/api/api-errors/';

/** Opens `urlPath` on the public site with the given colour scheme. */
async function open(env, colorScheme, urlPath) {
  const { browser, servers } = await env();
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const res = await page.goto(servers.public.url(urlPath), { waitUntil: 'load' });
  assert.equal(res.status(), 200, `GET ${urlPath}`);
  assert.equal(
    await page.evaluate((s) => matchMedia(`(prefers-color-scheme: ${s})`).matches, colorScheme),
    true,
    `prefers-color-scheme: ${colorScheme} is emulated`,
  );
  return { context, page };
}

/** Computed colours (and the opaque background behind them) of every highlighted span in code blocks. */
async function codeColors(page) {
  return page.evaluate(() => {
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if (bg && bg !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(bg)) return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    return [...document.querySelectorAll('pre code span[class*="hl-"]')].map((s) => ({
      cls: s.className,
      text: [...s.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('').trim(),
      color: getComputedStyle(s).color,
      bg: background(s),
    }));
  });
}

describe('theme', () => {
  const env = lazyEnv();
  after(env.teardown);

  for (const [scheme, check, label] of [
    ['dark', (l) => l < 0.2, '< 0.2'],
    ['light', (l) => l > 0.8, '> 0.8'],
  ]) {
    it(`${scheme} scheme: body background luminance ${label}, text readable`, async (t) => {
      for (const urlPath of ['/', CODE_PAGE]) {
        const { context, page } = await open(env, scheme, urlPath);
        try {
          const { bg, fg } = await page.evaluate(() => {
            const s = getComputedStyle(document.body);
            return { bg: s.backgroundColor, fg: s.color };
          });
          assert.equal(parseColor(bg)[3], 1, `body background is opaque (${bg})`);
          const l = luminance(bg);
          const c = contrast(bg, fg);
          t.diagnostic(`${urlPath}: body background ${bg}, luminance ${l.toFixed(3)}; text ${fg}, contrast ${c.toFixed(2)}:1`);
          assert.ok(check(l), `${scheme}: body background ${bg} has luminance ${l.toFixed(3)}, expected ${label}`);
          assert.ok(c >= 4.5, `${scheme}: body text ${fg} on ${bg} has contrast ${c.toFixed(2)}:1, expected >= 4.5`);
        } finally {
          await context.close();
        }
      }
    });
  }

  for (const scheme of ['light', 'dark']) {
    it(`${scheme} scheme: every highlighted token on ${CODE_PAGE} is readable (contrast >= 3:1)`, async (t) => {
      const { context, page } = await open(env, scheme, CODE_PAGE);
      try {
        const spans = (await codeColors(page)).filter((s) => s.text);
        assert.ok(spans.length > 0, 'there are highlighted tokens with text');
        const low = new Map();
        for (const s of spans) {
          const ratio = contrast(s.color, s.bg);
          if (ratio < 3) {
            const key = `${s.color} on ${s.bg} (${ratio.toFixed(2)}:1) <span class="${s.cls}">`;
            low.set(key, [...(low.get(key) || []), s.text]);
          }
        }
        const report = [...low].map(([k, texts]) => `${k}: ${texts.length} tokens, e.g. ${JSON.stringify(texts.slice(0, 4))}`);
        t.diagnostic(`${spans.length} tokens, ${[...low.values()].flat().length} below 3:1`);
        assert.deepEqual(report, [], `${scheme}: highlighted tokens below 3:1 contrast with the code block background`);
      } finally {
        await context.close();
      }
    });
  }

  it(`code highlighting on ${CODE_PAGE} changes colour between light and dark`, async (t) => {
    const light = await open(env, 'light', CODE_PAGE);
    const dark = await open(env, 'dark', CODE_PAGE);
    try {
      const lc = await codeColors(light.page);
      const dc = await codeColors(dark.page);
      assert.ok(lc.length > 0, `${CODE_PAGE} has <span class="hl-…"> inside a code block`);
      assert.equal(lc.length, dc.length, 'same spans in both schemes');
      const colouredLight = new Set(lc.map((s) => s.color));
      assert.ok(colouredLight.size >= 3, `highlighting uses several colours (light: ${[...colouredLight].join(', ')})`);
      const differing = lc.filter((s, i) => s.color !== dc[i].color);
      t.diagnostic(
        `${lc.length} hl- spans, ${differing.length} change colour; e.g. <span class="${differing[0]?.cls}"> ` +
          `light ${differing[0]?.color} -> dark ${dc[lc.indexOf(differing[0])]?.color}`,
      );
      assert.ok(differing.length > 0, 'at least one hl- span has a different computed colour in dark mode');
      // In dark mode the highlighted code must sit on a dark background, so the
      // dark palette is not painted on a light block (or vice versa).
      const darkBg = luminance(dc[0].bg);
      const lightBg = luminance(lc[0].bg);
      t.diagnostic(`code block background: light ${lc[0].bg} (L=${lightBg.toFixed(3)}), dark ${dc[0].bg} (L=${darkBg.toFixed(3)})`);
      assert.ok(darkBg < 0.2, `dark code block background ${dc[0].bg} luminance ${darkBg.toFixed(3)} < 0.2`);
      assert.ok(lightBg > 0.8, `light code block background ${lc[0].bg} luminance ${lightBg.toFixed(3)} > 0.8`);
      // Report (not assert) the least readable token colours, for a person to judge.
      for (const [name, list] of [['light', lc], ['dark', dc]]) {
        const worst = list
          .filter((s) => s.text)
          .map((s) => ({ ...s, ratio: contrast(s.color, s.bg) }))
          .sort((a, b) => a.ratio - b.ratio)[0];
        if (worst) t.diagnostic(`${name}: lowest token contrast ${worst.ratio.toFixed(2)}:1 (${worst.color} on ${worst.bg}, "${worst.text.slice(0, 30)}", ${worst.cls})`);
      }
    } finally {
      await light.context.close();
      await dark.context.close();
    }
  });
});
