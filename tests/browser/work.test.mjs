// The work each role does on the page (issue 27), desktop (1366×768) and
// phone (390×844): each form is submitted as a person would, then the API is
// asked for its effect. A field's error shows beside it, in Chinese. And on
// every Chinese page the visible text has no Latin word of three or more
// letters but the allowed terms, codes and the fixture's own names.
//
// Runs after dashboard.test.mjs and phone.test.mjs (run.sh runs the files in
// order, on one server): it changes projects, each picked here and not
// reused, so the earlier files see the city as run.sh made it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { base, shots, tokens, sharedBrowser } from './setup.mjs';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const viewports = { desktop: DESKTOP, phone: PHONE };
// Set to true once i27's item 1 (light reasons, report labels and API
// errors in the request's language) is merged: the checks marked with it
// then fail the run instead of being reported as expected failures.
const LEAD_PART_MERGED = true;
const expectedToFail = LEAD_PART_MERGED ? {} : { todo: 'expected to fail until i27 item 1 (the engine\'s words in Chinese) is merged' };

// The catalogue's Chinese words, as the page reads them.
let zhWords = null;
async function words() {
  zhWords ??= (await (await fetch(base + '/api/catalogue?lang=zh')).json()).words;
  return zhWords;
}

async function api(pathname, who = 'supervisor', options = {}) {
  const res = await fetch(base + pathname, {
    method: options.method || 'GET',
    headers: { Authorization: 'Bearer ' + tokens[who], 'Content-Type': 'application/json', 'Accept-Language': 'zh' },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const body = await res.json();
  if (options.ok !== false) assert.ok(res.ok, pathname + ': ' + JSON.stringify(body));
  return body;
}
const project = (code) => api('/api/projects/' + encodeURIComponent(code));

const browser = sharedBrowser();

async function signIn(who, viewport) {
  const context = await browser().newContext({ viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  await page.goto(base + '/');
  await page.fill('#token', tokens[who]);
  await page.click('#login');
  await page.waitForSelector('#me');
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(shots, 'work-' + name + '.png'), fullPage: true });

// Projects picked once each: none is changed by two tests.
const used = new Set();
async function pick(filter, who = 'supervisor', query = '') {
  const all = await api('/api/projects' + query, who);
  const p = all.find((x) => !used.has(x.code) && filter(x));
  assert.ok(p, 'a project for the test ' + query);
  used.add(p.code);
  return p;
}

async function openProject(page, code) {
  await page.goto(base + '/#/project/' + encodeURIComponent(code));
  await page.waitForSelector(`#project[data-code="${code}"]`);
}

// Submits a form whose own checks stop it (nothing is sent).
const submit = (form) => form.locator('button[value=submit]').click();
// Submits a form (or clicks a button of it) and waits for the server's
// answer to its write: the API has its effect from then on.
async function send(form, button = form.locator('button[value=submit]')) {
  const [res] = await Promise.all([
    form.page().waitForResponse((r) => r.request().method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/projects/')),
    button.click(),
  ]);
  return res.status();
}

// A Latin word of three or more letters in Chinese text, once the allowed
// ones are taken out: the allowed terms, codes (LX-2026-001, XSS-1), and the
// fixture's names (a project named <img …> is the XSS fixture's).
const ALLOWED = ['PDF', 'API', 'URL'];
function latinWords(text, names) {
  let rest = text;
  for (const n of names) if (n) rest = rest.split(n).join(' ');
  rest = rest.replace(/\b[A-Z]{1,8}-\d[\dA-Z-]*/g, ' ');
  return (rest.match(/[A-Za-z]{3,}/g) || []).filter((w) => !ALLOWED.includes(w));
}
let fixtureNames = null;
async function names() {
  if (!fixtureNames) {
    const all = await api('/api/projects');
    const cities = (await api('/api/province/report', 'province')).sections.cities.rows.map((r) => r.city);
    fixtureNames = [...new Set(all.flatMap((p) => [p.name, p.unit, p.leader]).concat([process.env.XSS_TEXT], cities))]
      .sort((a, b) => (b || '').length - (a || '').length);
  }
  return fixtureNames;
}
// The visible text of the page and of its report frame, if it has one.
async function visibleText(page) {
  const own = await page.evaluate(() => document.body.innerText);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  const framed = frame ? await frame.evaluate(() => document.body.innerText).catch(() => '') : '';
  return own + '\n' + framed;
}
const chineseText = (s) => /[\u4e00-\u9fff]/.test(s) && latinWords(s, []).length === 0;

for (const [form, viewport] of Object.entries(viewports)) {
  test(`a supervisor blocks, unblocks, plans, clears the plan, advances with evidence and updates records (${form})`, async (t) => {
    const page = await signIn('supervisor', viewport);
    const me = await page.textContent('#me');
    assert.ok(me.includes('（' + (await words()).role_supervisor) && !/supervisor/.test(me), 'the role in Chinese: ' + me);

    // Block: the category from the workflow's, a reason and an owner.
    const a = await pick((p) => p.key && p.status === 'active' && p.allowed_moves.includes('block'));
    await openProject(page, a.code);
    const block = page.locator('#block-form');
    const categories = await block.locator('select[name=category] option').allTextContents();
    const workflow = await api('/api/workflow');
    assert.deepEqual(categories, workflow.blocker_categories.map((c) => c.label.zh));
    await block.locator('select[name=category]').selectOption('land');
    await block.locator('input[name=reason]').fill('缺用地指标，待省厅下达');
    await block.locator('input[name=owner]').fill('自然资源局');
    // A date the page cannot read: its error beside the field, in Chinese, and nothing written.
    await block.locator('input[name=on]').fill('07/30/2026');
    await submit(block);
    const dateError = await block.locator('[data-error-for=on]').textContent();
    assert.ok(chineseText(dateError) && dateError.includes('年-月-日'), 'beside the date, in Chinese: ' + dateError);
    assert.equal((await project(a.code)).status, 'active', 'nothing written');
    // Required: the reason.
    await block.locator('input[name=reason]').fill('');
    await block.locator('input[name=on]').fill('2026-07-30');
    await submit(block);
    assert.equal(await block.locator('[data-error-for=reason]').textContent(), '请填写此项');
    await block.locator('input[name=reason]').fill('缺用地指标，待省厅下达');
    assert.equal(await send(block), 201);
    await page.waitForSelector('#project .blocker');
    let after = await project(a.code);
    assert.equal(after.status, 'blocked');
    const blocker = after.blockers.find((b) => b.reason === '缺用地指标，待省厅下达');
    assert.ok(blocker);
    assert.equal(blocker.category, 'land');
    assert.equal(blocker.owner, '自然资源局');
    assert.equal(blocker.since, '2026-07-30');
    // No advance on a blocked project: the chart would refuse it.
    await page.waitForSelector('#advance-not-allowed');
    assert.equal(await page.locator('#advance-form').count(), 0);
    assert.equal(await page.textContent('#project-status'), '受阻');
    // Its days blocked, as the API counts them.
    assert.equal(await page.getAttribute(`.blocker[data-blocker="${blocker.id}"] .days-blocked`, 'data-days-blocked'), String(blocker.days_blocked),
      'days blocked shown as the API has them (blockers[].days_blocked)');
    await shot(page, `supervisor-blocked-${form}`);

    // Unblock: resolve that blocker.
    const unblock = page.locator(`form.unblock-form[data-blocker="${blocker.id}"]`);
    await unblock.locator('input[name=note]').fill('省厅已下达用地指标');
    await unblock.locator('input[name=on]').fill('2026-07-31');
    assert.equal(await send(unblock), 200);
    await page.waitForSelector('#advance-form');
    after = await project(a.code);
    assert.equal(after.status, 'active');
    assert.ok(!after.blockers.some((b) => b.id === blocker.id), 'resolved');

    // Plan, then clear it.
    const plan = page.locator('#plan-form');
    await plan.locator('input[name=due]').fill('2026-09-30');
    assert.equal(await send(plan), 200);
    await page.waitForSelector('#plan-current[data-due="2026-09-30"]');
    after = await project(a.code);
    assert.equal(after.plan.due, '2026-09-30');
    assert.ok(chineseText(await page.textContent('#plan-current')));
    assert.equal(await send(page.locator('#plan-form'), page.locator('#plan-clear')), 200);
    await page.waitForSelector('#plan-current:not([data-due])');
    assert.equal((await project(a.code)).plan, null);

    // Advance with evidence: to a stage that asks for the permit.
    const b = await pick((p) => p.key && p.advance_to.includes('construction'));
    await openProject(page, b.code);
    const advance = page.locator('#advance-form');
    await advance.locator('select[name=to]').selectOption('construction');
    await advance.locator('input[name=on]').fill('2026-07-31');
    // The permit is asked for: without it, the error is beside it.
    await submit(advance);
    assert.equal(await advance.locator('[data-error-for=permit]').textContent(), '请填写此项');
    await advance.locator('input[name=permit]').fill('330781202607310001');
    assert.equal(await send(advance), 200);
    await page.waitForSelector('#project-stage[data-stage=construction]');
    after = await project(b.code);
    assert.equal(after.stage, 'construction');
    assert.equal(after.stage_since, '2026-07-31');
    const history = await api('/api/projects/' + encodeURIComponent(b.code) + '/history');
    assert.ok(JSON.stringify(history.at(-1)).includes('330781202607310001'), 'the evidence is on the event: ' + JSON.stringify(history.at(-1)));

    // Update records: land secured and the contact phone.
    // More land secured than needed: the server refuses it, and the page
    // says so beside the form; then half of what is needed.
    let landRefusal = null;
    const need = after.land_need_mu ?? 20;
    const land = need / 2;
    const update = page.locator('#update-form');
    if (after.land_need_mu != null) {
      await update.locator('input[name=land_secured_mu]').fill(String(need + 1));
      assert.equal(await send(update), 400);
      // Beside the field when the message names it, else beside the button.
      const refusal = (await update.locator('[data-error-for=land_secured_mu], .form-status.error').allTextContents()).join('');
      assert.ok(refusal.includes(String(need + 1)), 'the refusal beside the form: ' + refusal);
      landRefusal = refusal;  // in Chinese: checked last, once every write has been tried
      assert.equal((await project(b.code)).land_secured_mu, after.land_secured_mu, 'nothing written');
    }
    await update.locator('input[name=land_secured_mu]').fill(String(land));
    await update.locator('input[name=contact_phone]').fill('0579-88001234');
    await update.locator('input[name=on]').fill('2026-07-31');
    assert.equal(await send(update), 200);
    await page.waitForSelector(`#update-form input[name=land_secured_mu][value="${land}"]`);
    after = await project(b.code);
    assert.equal(after.land_secured_mu, land);
    assert.equal(after.contact_phone, '0579-88001234');
    // A number the page cannot read: beside its field.
    await update.locator('input[name=land_need_mu]').fill('四十');
    await submit(update);
    assert.equal(await update.locator('[data-error-for=land_need_mu]').textContent(), '请填写数字');
    await shot(page, `supervisor-project-${form}`);
    if (landRefusal !== null) {
      if (LEAD_PART_MERGED) assert.ok(chineseText(landRefusal), 'the server\'s refusal in Chinese: ' + landRefusal);
      else if (!chineseText(landRefusal)) t.diagnostic('expected to fail until i27 item 1 is merged: the refusal reads ' + JSON.stringify(landRefusal));
    }
    await page.context().close();
  });

  test(`a leader sees their own instructions first and instructs; a refused instruction says why in Chinese (${form})`, async (t) => {
    const page = await signIn('leader', viewport);
    assert.ok((await page.textContent('#me')).includes('（' + (await words()).role_leader));
    await page.click('#nav-blocked');
    await page.waitForSelector('#blocked-list');
    // run.sh gave the leader an instruction on OVERDUE_CODE: listed first, and its project first.
    await page.waitForSelector('#my-instructions');
    const mine = await page.locator('#my-instructions li').evaluateAll((lis) => lis.map((li) => li.dataset.code));
    assert.ok(mine.includes(process.env.OVERDUE_CODE), 'the leader\'s own instruction listed: ' + mine);
    const first = await page.locator('#blocked-list article').first().getAttribute('data-code');
    const own = await project(first);
    assert.ok(own.blockers.some((b) => b.instructions.some((i) => i.by === process.env.LEADER_NAME)), 'a project with the leader\'s instruction first');
    // Each instruction's state with its own mark, as the API has it.
    const overdueProject = await project(process.env.OVERDUE_CODE);
    for (const b of overdueProject.blockers)
      for (const i of b.instructions) {
        assert.ok(['open', 'due_soon', 'overdue', 'done_on_time', 'done_late'].includes(i.state), 'instructions[].state: ' + JSON.stringify(i));
        assert.equal(await page.getAttribute(`#blocked-list article[data-code="${process.env.OVERDUE_CODE}"] li[data-instruction="${i.id}"]`, 'data-state'), i.state);
      }
    // Each blocked card shows its days blocked.
    for (const card of await page.locator('#blocked-list article').all()) {
      const p = await project(await card.getAttribute('data-code'));
      assert.equal(Number(await card.locator('h3 .days-blocked').getAttribute('data-days-blocked')), Math.max(...p.blockers.map((x) => x.days_blocked)));
    }

    // An instruction due before the day it is given: the server refuses it,
    // and says so beside the form in Chinese.
    const card = page.locator(`#blocked-list article[data-code="${process.env.OVERDUE_CODE}"]`);
    const form0 = card.locator('form.instruction-form').first();
    const blocker = Number(await form0.getAttribute('data-blocker'));
    const text = `请于八月上旬前协调落实（${form === 'phone' ? '手机' : '电脑'}）`;
    await form0.locator('textarea[name=text]').fill(text);
    await form0.locator('input[name=due]').fill('2026-07-01');
    assert.equal(await send(form0), 400);
    await page.waitForFunction((id) => [...document.querySelectorAll(`form.instruction-form[data-blocker="${id}"] .field-error, form.instruction-form[data-blocker="${id}"] .form-status.error`)]
      .some((e) => e.textContent), blocker);
    const refusal = await form0.evaluate((f) => [...f.querySelectorAll('.field-error,.form-status')].map((e) => e.textContent).join(''));
    assert.ok(refusal.length > 0, 'the refusal is shown beside the form');
    assert.ok(!(await project(process.env.OVERDUE_CODE)).blockers.some((b) => b.instructions.some((i) => i.text === text)), 'nothing written');
    await shot(page, `leader-refused-${form}`);
    if (LEAD_PART_MERGED) assert.ok(chineseText(refusal), 'the server\'s refusal in Chinese (?lang=zh, Accept-Language: zh): ' + refusal);
    else if (!chineseText(refusal)) t.diagnostic('expected to fail until i27 item 1 is merged: the refusal reads ' + JSON.stringify(refusal));
    await form0.locator('input[name=due]').fill('2026-08-10');
    assert.equal(await send(form0), 201);
    await page.waitForSelector(`#blocked-list .instruction-text >> text=${text}`);
    const written = (await project(process.env.OVERDUE_CODE)).blockers.find((b) => b.id === blocker).instructions.find((i) => i.text === text);
    assert.ok(written);
    assert.equal(written.by, process.env.LEADER_NAME);
    assert.equal(written.due, '2026-08-10');
    await page.context().close();
  });

  test(`a unit does its month's work: advance, close an instruction, update land (${form})`, async () => {
    const unit = process.env.UNIT_NAME;
    const page = await signIn('unit', viewport);
    assert.ok((await page.textContent('#me')).includes('（' + (await words()).role_unit));
    // Advance its own project.
    const a = await pick((p) => p.unit === unit && p.key && p.advance_to.length > 0 && !p.advance_to.includes('construction'), 'unit',
      '?status=active&unit=' + encodeURIComponent(unit));
    await openProject(page, a.code);
    const to = a.advance_to[0];
    const advance = page.locator('#advance-form');
    // Dates are written yyyy-mm-dd in a text field: no date picker showing
    // the browser's own mm/dd/yyyy on a Chinese page.
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.locator('input[type=date]').count(), 0);
    assert.equal(await advance.locator('input[name=on]').getAttribute('placeholder'), '年-月-日');
    await advance.locator('select[name=to]').selectOption(to);
    await advance.locator('input[name=on]').fill('2026-07-31');
    assert.equal(await send(advance), 200);
    await page.waitForSelector(`#project-stage[data-stage="${to}"]`);
    assert.equal((await project(a.code)).stage, to);
    // Update land on it.
    const update = page.locator('#update-form');
    assert.equal(await update.locator('input[name=leader]').count(), 0, 'a unit changes no leader');
    await update.locator('input[name=land_secured_mu]').fill('12');
    await update.locator('input[name=land_need_mu]').fill('20');
    assert.equal(await send(update), 200);
    await page.waitForSelector('#update-form input[name=land_need_mu][value="20"]');
    let after = await project(a.code);
    assert.equal(after.land_secured_mu, 12);
    assert.equal(after.land_need_mu, 20);
    await shot(page, `unit-project-${form}`);
    // No block, plan or unblock for a unit.
    assert.equal(await page.locator('#block-form, #plan-form').count(), 0);

    // Close an instruction on its own project: a supervisor blocks it and a
    // leader instructs the unit (through the API), the unit reports it done.
    const b = await pick((p) => p.unit === unit && p.key && p.allowed_moves.includes('block'), 'unit', '?status=active&unit=' + encodeURIComponent(unit));
    const { id: blockerId } = await api('/api/projects/' + encodeURIComponent(b.code) + '/blockers', 'supervisor',
      { method: 'POST', body: { category: 'funding', reason: '资金未到位', on: '2026-07-20' } });
    const { id: instructionId } = await api('/api/projects/' + encodeURIComponent(b.code) + '/blockers/' + blockerId + '/instructions', 'leader',
      { method: 'POST', body: { text: '请三日内报告资金到位情况', assignee: unit, due: '2026-08-05', on: '2026-07-28' } });
    await openProject(page, b.code);
    const close = page.locator(`form.close-form[data-instruction="${instructionId}"]`);
    await close.locator('input[name=note]').fill('资金已到位 3000 万元');
    assert.equal(await send(close), 200);
    await page.waitForSelector(`li[data-instruction="${instructionId}"] .instruction-done`);
    const done = (await project(b.code)).blockers.find((x) => x.id === blockerId).instructions.find((i) => i.id === instructionId);
    assert.ok(done.done_on, 'closed in the API');
    assert.equal(done.state, 'done_on_time');
    assert.equal(await page.getAttribute(`li[data-instruction="${instructionId}"]`, 'data-state'), 'done_on_time');
    // Its report, written as the note: required.
    await shot(page, `unit-closed-${form}`);
    // On a phone the forms fit the width: nothing to scroll sideways.
    if (viewport === PHONE)
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling at 390 px');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

// Every Chinese page as each role sees it: no Latin word of three or more
// letters but the allowed terms (PDF, API, URL), codes and the fixture's
// names (the language switch reads 英文). The report (in its frame) is
// checked apart: its light reasons and some labels are the engine's (issue
// 27 item 1, the lead's part) — expected to fail until that is merged.
const pagesOf = {
  supervisor: ['#/', '#/lights', '#/blocked', 'PROJECT', '/wall', '#/report'],
  leader: ['#/', '#/lights', '#/blocked', 'PROJECT', '/wall', '#/report'],
  unit: ['#/', '#/lights', '#/blocked', 'PROJECT', '/wall', '#/report'],
  province: ['#/province', 'CITY', 'CITYREPORT'],
};
const isReport = (p) => p === '#/report' || p === 'CITYREPORT';
async function englishOn(viewport, form, which) {
  const known = await names();
  const blocked = (await api('/api/projects?status=blocked'))[0].code;
  const found = [];
  for (const [who, pages] of Object.entries(pagesOf)) {
    const page = await signIn(who, viewport);
    for (const p of pages.filter(which)) {
      if (p === 'CITY' || p === 'CITYREPORT') {
        // A city's overview, read-only; its full report from there.
        await page.goto(base + '/#/province');
        await page.waitForSelector('a.city-link');
        await page.click('a.city-link');
        await page.waitForSelector('#city-overview');
        if (p === 'CITYREPORT') {
          await page.click('#city-report-link');
          await page.waitForSelector('#city-report-frame');
        }
      } else if (p === 'PROJECT') {
        await page.goto(base + '/#/project/' + encodeURIComponent(blocked));
        await page.waitForSelector('#project');
      } else {
        await page.goto(base + (p.startsWith('#') ? '/' + p : p));
        await page.waitForSelector(p === '/wall' ? '#wall-table' : '#main > :not(.muted)');
      }
      // A report is read when its frame has loaded its headline: the frame is
      // the report's own HTML (srcdoc, nothing fetched), so the page's
      // "networkidle" says nothing more about it, and under the sanitizers
      // Playwright never fired it for the province's city frame though no
      // request was pending (found in the ASan run of 2026-12-08). Every
      // other page: its network settled. Under the sanitizers on two cores
      // either can take longer than the default 30 s: a wait for an event,
      // not a timing assertion.
      if (isReport(p)) {
        const id = p === 'CITYREPORT' ? '#city-report-frame' : '#report-frame';
        await page.frameLocator(id).locator('section#headline').waitFor({ timeout: 120000 });
        await (await (await page.$(id)).contentFrame()).waitForLoadState('load', { timeout: 120000 });
      } else {
        await page.waitForLoadState('networkidle', { timeout: 120000 });
      }
      const words = latinWords(await visibleText(page), known);
      if (words.length) found.push(`${who} ${p}: ${[...new Set(words)].join(' ')}`);
      await page.screenshot({ path: path.join(shots, `zh-${who}-${p.replace(/[^a-z]/gi, '') || 'overview'}-${form}.png`), fullPage: true });
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
  return found;
}

for (const [form, viewport] of Object.entries(viewports)) {
  test(`every Chinese dashboard page reads without an English word, as each role (${form})`, async () => {
    const found = await englishOn(viewport, form, (p) => !isReport(p));
    assert.deepEqual(found, [], 'English on Chinese pages:\n' + found.join('\n'));
  });
  test(`the Chinese report reads without an English word, in the dashboard and the province's city page (${form})`, expectedToFail, async () => {
    const found = await englishOn(viewport, form, isReport);
    assert.deepEqual(found, [], 'English on Chinese reports:\n' + found.join('\n'));
  });
}
