// The operators' side of the internal site, in a real browser: the internal home
// (open incidents with their runbooks, needs-review, ownership table) and a
// runbook page whose task-list steps persist per runbook until reset.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { lazyEnv, SCREENSHOT_DIR } from './helpers.mjs';

const RUNBOOK = '/runbooks/payments/card-declines/';

describe('operators (internal site)', () => {
  const env = lazyEnv();
  after(env.teardown);

  it('internal home: open incidents with runbooks, needs review, ownership table', async () => {
    const { browser, servers } = await env();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(servers.internal.url('/'), { waitUntil: 'load' });
    const open = page.locator('section.ops-incidents li');
    assert.ok((await open.count()) >= 1, 'the open incident is listed');
    const first = open.first();
    assert.match(await first.textContent(), /Сбои при оплате картой/);
    assert.equal(await first.locator(`a[href="${RUNBOOK}"]`).count(), 1, 'with its runbook');
    assert.equal(await page.locator('#review-title').count(), 1, 'needs-review section');
    const owners = await page.$$eval('section[aria-labelledby="owners-title"] tbody tr', (rows) =>
      rows.map((r) => ({ owner: r.querySelector('th').textContent.trim(), links: [...r.querySelectorAll('a')].map((a) => a.getAttribute('href')) })),
    );
    const payments = owners.find((o) => o.owner === 'payments-team');
    assert.ok(payments, `payments-team owns something: ${JSON.stringify(owners)}`);
    assert.ok(payments.links.includes(RUNBOOK) && payments.links.includes('/articles/payments/refund/'), JSON.stringify(payments));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'internal-home-ops-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'no horizontal scroll at 360 px');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'internal-home-ops-360.png'), fullPage: true });
    await page.close();
  });

  it('runbook: facts, incidents, articles; checklist persists until reset', async () => {
    const { browser, servers } = await env();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(servers.internal.url(RUNBOOK), { waitUntil: 'load' });
    const facts = await page.locator('dl.facts').textContent();
    assert.match(facts, /payments-team/);
    assert.ok((await page.locator('section.escalation li').count()) >= 1, 'escalation list');
    assert.match(await page.locator('section[aria-labelledby="rb-incidents-title"]').textContent(), /Сбои при оплате картой/);
    assert.ok((await page.locator('section[aria-labelledby="rb-articles-title"] a').count()) >= 1, 'related help articles');

    const boxes = page.locator('[data-checklist] li > input[type="checkbox"]');
    const n = await boxes.count();
    assert.ok(n >= 2, `task-list steps are checkboxes (${n})`);
    assert.equal(await boxes.first().isEnabled(), true, 'steps can be ticked');
    assert.ok((await boxes.first().getAttribute('aria-label')).length > 3, 'each step is labelled');
    const before = await boxes.first().isChecked();
    await boxes.first().click();
    await boxes.nth(1).click();
    const ticked = [!before, await boxes.nth(1).isChecked()];
    await page.reload({ waitUntil: 'load' });
    assert.deepEqual([await boxes.first().isChecked(), await boxes.nth(1).isChecked()], ticked, 'state survives a reload');
    // Another runbook keeps its own state.
    await page.goto(servers.internal.url('/runbooks/delivery/courier-delays/'), { waitUntil: 'load' });
    const other = page.locator('[data-checklist] li > input[type="checkbox"]').first();
    assert.equal(await other.isChecked(), false, 'per-runbook state');
    await page.goto(servers.internal.url(RUNBOOK), { waitUntil: 'load' });
    const reset = page.locator('[data-checklist-reset]');
    assert.equal(await reset.isVisible(), true);
    await reset.click();
    assert.equal(await boxes.first().isChecked(), before, 'reset restores the steps');
    await page.reload({ waitUntil: 'load' });
    assert.equal(await boxes.first().isChecked(), before, 'and forgets the saved state');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'runbook-ops-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'no horizontal scroll at 360 px');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'runbook-ops-360.png'), fullPage: true });
    await context.close();
  });
});
