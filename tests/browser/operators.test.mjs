// The operators' side of the internal site, in a real browser: the internal home
// (open incidents with their runbooks, needs-review, ownership table) and a
// runbook page whose task-list steps persist per runbook until reset; the shift
// screen of issue 16 (status, age, runbooks, review table headers, no customer
// contact box, quick links), runbook contacts as links with the open incident on
// top, and both kept right by the page script after a status-only publish.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_NOW, DEMO_ROOT, frontlineBin, lazyEnv, once, serve, SCREENSHOT_DIR } from './helpers.mjs';

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

  it('internal home: the shift screen (status, age, runbooks), review table headers, quick links, no customer contact box', async () => {
    const { browser, servers } = await env();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(servers.internal.url('/'), { waitUntil: 'load' });
    const first = page.locator('section.ops-incidents li.shift-item').first();
    assert.match(await first.locator('.shift-title').textContent(), /Сбои при оплате картой/);
    assert.equal(await first.locator('.pill').textContent(), 'Причина найдена', 'its status');
    assert.match(await first.locator('.shift-age').textContent(), /^открыт \d+ (д|ч|мин)/, 'its age');
    assert.equal(await first.locator(`.shift-runbooks a[href="${RUNBOOK}"]`).count(), 1, 'its runbook');
    const texts = await page.locator('section.ops-incidents li.shift-item .shift-title').allTextContents();
    assert.ok(texts.some((t) => /Плановые работы с базой данных API/.test(t)), `upcoming maintenance listed: ${JSON.stringify(texts)}`);
    const headers = await page.$$eval('section[aria-labelledby="review-title"] thead th', (ths) => ths.map((th) => [th.textContent.trim(), th.getAttribute('scope')]));
    assert.deepEqual(headers, [['Страница', 'col'], ['Тип', 'col'], ['Владелец', 'col'], ['Срок проверки', 'col'], ['Состояние', 'col']]);
    const widths = await page.$$eval('section[aria-labelledby="review-title"] tbody tr', (rows) => rows.map((r) => r.children.length));
    assert.ok(widths.length >= 1 && widths.every((n) => n === 5), `every row has a cell per column: ${widths}`);
    assert.equal(await page.locator('#unowned-title').count(), 1, 'items without an owner');
    assert.equal(await page.locator('.ops-quick a[href="/runbooks/"]').count(), 1, 'quick link: runbooks');
    assert.equal(await page.locator('.ops-quick a[href="/search/"]').count(), 1, 'quick link: search');
    assert.equal(await page.locator('.contact, #contact-title').count(), 0, 'no customer contact box');
    // The public home keeps its contact box and shows none of this.
    await page.goto(servers.public.url('/'), { waitUntil: 'load' });
    assert.equal(await page.locator('.site-footer .contact').count(), 1, 'public home: contact box');
    assert.equal(await page.locator('.ops-incidents, .ops-quick, #review-title').count(), 0, 'public home: nothing internal');
    await page.close();
  });

  it('runbook: escalation contacts are links; the open incident on its components is on top', async () => {
    const { browser, servers } = await env();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(servers.internal.url(RUNBOOK), { waitUntil: 'load' });
    const hrefs = await page.$$eval('section.escalation a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['https://oncall.acme.internal/payments', 'mailto:acquiring@acme.example', 'tel:+7495000-00-01']);
    const slack = page.locator('section.escalation li').nth(2);
    assert.match(await slack.textContent(), /#incidents в Slack/);
    assert.equal(await slack.locator('a').count(), 0, 'plain text stays text');
    const box = page.locator('section.runbook-open');
    assert.equal(await box.isVisible(), true, 'the open-incident box is shown');
    assert.match(await box.locator('.shift-title').first().textContent(), /Сбои при оплате картой/);
    const [boxY, factsY] = await Promise.all([box.boundingBox(), page.locator('dl.facts').boundingBox()]);
    assert.ok(boxY.y < factsY.y, 'at the top, above the facts');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'runbook-open-1280.png'), fullPage: true });
    await page.close();
  });

  // Builds a copy of the demo site into its default output folders, then publishes
  // status only: the card incident is resolved and a new one opens on `delivery-tracking`.
  const published = once(async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-ops-'));
    process.once('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
    const root = path.join(tmp, 'site');
    fs.cpSync(DEMO_ROOT, root, { recursive: true });
    const later = '2026-11-23T12:30:00+03:00';
    const runs = [
      ['build', '--now', BUILD_NOW],
      ['incident', 'resolve', 'card-payments', '--message', 'Fixed.', '--at', later, '--now', later, '--build'],
      ['incident', 'open', 'Трекинг не обновляется', '--impact', 'minor', '--component', 'delivery-tracking=partial_outage', '--message', 'Смотрим.', '--now', later, '--build'],
    ];
    for (const args of runs) {
      const r = spawnSync(frontlineBin(), ['--root', root, ...args], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `frontline ${args.join(' ')}: ${r.stderr}`);
      if (args[0] === 'incident') assert.match(r.stderr, /published the status in/, 'a status-only publish');
    }
    return serve(path.join(root, 'internal'));
  });
  after(async () => {
    if (published.started()) await (await published().catch(() => null))?.close();
  });

  it('after a status-only publish the internal home and runbook boxes show the new status', async () => {
    const server = await published();
    const { browser } = await env();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url('/'), { waitUntil: 'load' });
    await page.waitForSelector('section.ops-incidents[data-shift-live]');
    const titles = await page.locator('section.ops-incidents .shift-title').allTextContents();
    assert.ok(!titles.some((t) => /Сбои при оплате картой/.test(t)), `the resolved incident is gone: ${JSON.stringify(titles)}`);
    const fresh = page.locator('section.ops-incidents li.shift-item', { hasText: 'Трекинг не обновляется' });
    assert.equal(await fresh.count(), 1, `the new incident is listed: ${JSON.stringify(titles)}`);
    assert.equal(await fresh.locator('a[href="/runbooks/delivery/courier-delays/"]').count(), 1, 'with the runbook of its component');
    assert.match(await fresh.locator('.shift-age').textContent(), /^открыт /);
    // The card runbook's box empties; the courier runbook's box shows the new incident.
    await page.goto(server.url(RUNBOOK), { waitUntil: 'load' });
    await page.waitForSelector('section.runbook-open[data-shift-live]', { state: 'attached' });
    assert.equal(await page.locator('section.runbook-open').isVisible(), false, 'no open incident on the card runbook');
    await page.goto(server.url('/runbooks/delivery/courier-delays/'), { waitUntil: 'load' });
    await page.waitForSelector('section.runbook-open[data-shift-live]');
    assert.match(await page.locator('section.runbook-open').textContent(), /Трекинг не обновляется/);
    await page.close();
  });
});
