// The dashboard and the wall chart, checked as a person would use them, in
// Debian's chromium driven by playwright-core. run.sh starts the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { base, shots, tokens, sharedBrowser } from './setup.mjs';

async function api(pathname, token, options = {}) {
  const res = await fetch(base + pathname, {
    method: options.method || 'GET',
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const browser = sharedBrowser();

// A fresh browser profile, signed in through the login form.
async function signIn(who, viewport = { width: 1280, height: 900 }) {
  const context = await browser().newContext({ viewport });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.fill('#token', tokens[who]);
  await page.click('#login');
  await page.waitForSelector('#me');
  return page;
}

test('the overview counts down the campaign and shows the API\'s red lights', async () => {
  const page = await signIn('supervisor');
  await page.waitForSelector('#campaign-day-text');
  // --now 2026-07-31: day 31 of the campaign that began on 1 July; 69 days to 8 October.
  assert.equal(await page.textContent('#campaign-day-text'), '第 31 天');
  assert.equal(await page.getAttribute('#campaign-days-left', 'data-days-left'), '69');
  const red = await api('/api/projects?light=red', tokens.supervisor);
  assert.equal(red.status, 200);
  assert.ok(red.body.length > 0, 'the example city has red lights in July');
  assert.equal(Number(await page.textContent('#count-red')), red.body.length);
  const overdue = await api('/api/overdue', tokens.supervisor);
  assert.equal(Number(await page.textContent('#count-overdue')), overdue.body.length);
  assert.equal(await page.locator('#funnel .bar-row').count(), 6);
  // The cockpit: the 红黑榜, the forecast and the trend, each as the API has it.
  const reported = await api('/api/report?lang=zh', tokens.supervisor);
  await page.waitForSelector('#units-ranking');
  assert.deepEqual(await page.locator('#units-ranking tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.unit)),
    reported.body.sections.units_ranking.rows.map((r) => r.unit));
  const campaign = await api('/api/campaigns/hundred-day-2026', tokens.supervisor);
  assert.equal(Number(await page.textContent('#forecast-met')), campaign.body.forecast.met);
  // The status partition first, as campaign status has it (seven parts).
  await page.waitForSelector('#campaign-partition');
  for (const k of ['met', 'met_late', 'on_track', 'recovered', 'behind', 'blocked', 'left'])
    assert.equal(Number(await page.getAttribute(`#campaign-partition [data-part=${k}]`, 'data-count')), campaign.body[k], k);
  assert.equal(Number(await page.textContent('#forecast-at-risk')), campaign.body.forecast.at_risk);
  assert.equal(Number(await page.textContent('#forecast-will-miss')), campaign.body.forecast.will_miss);
  // One campaign card: the partition first, labelled 进度状态, the forecast
  // beside it, labelled 预测; every word of it Chinese on a Chinese page.
  assert.equal(await page.textContent('#campaign-status #campaign-partition-label'), '进度状态');
  assert.equal(await page.textContent('#campaign-status #forecast-label'), '预测');
  assert.ok(await page.evaluate(() => !!(document.querySelector('#campaign-partition')
    .compareDocumentPosition(document.querySelector('#forecast')) & Node.DOCUMENT_POSITION_FOLLOWING)), 'the partition comes first');
  assert.equal(await page.locator('#campaign-status [data-part]').count(), 7);
  assert.equal(await page.locator('#campaign-status [data-outlook]').count(), 3);
  assert.equal(await page.locator('#campaign-ended').count(), 0, 'running on 07-31');
  const card = await page.textContent('#campaign-status');
  assert.ok(!/[A-Za-z]{3,}/.test(card), 'in Chinese: ' + card);
  for (const word of ['已完成', '逾期完成', '按计划', '曾滞后已追回', '滞后', '受阻项目', '已退出', '预计按期完成', '有风险', '预计完不成'])
    assert.ok(card.includes(word), word + ' in ' + card);
  assert.equal(await page.locator('#trend tbody tr').count(), 8);
  const thisWeek = await api('/api/stats', tokens.supervisor);
  assert.equal(Number(await page.textContent('#trend tbody tr:last-child .trend-red')), thisWeek.body.lights.red);
  assert.ok(await page.locator('#investment .invest-row[data-id=city]').count() === 1, 'the city against its schedule');
  assert.ok(await page.locator('#blocked-by-category tbody tr').count() > 0);
  // Blockers by category: the report's blocker rows, not its overdue instructions' rows.
  const blockerRows = reported.body.sections.blocked.rows.filter((r) => r.instruction_days_overdue == null);
  assert.ok(blockerRows.length < reported.body.sections.blocked.rows.length, 'run.sh gave an overdue instruction');
  const byCategory = await page.locator('#blocked-by-category tbody tr td:nth-child(2)').allTextContents();
  assert.equal(byCategory.reduce((n, x) => n + Number(x), 0), blockerRows.length);
  // The burn-down: a row a week, met up to today, the forecast after it;
  // each week's due, met on time and met late from the plan, as a chart and a table.
  assert.equal(await page.locator('#burndown tbody tr').count(), campaign.body.burndown.length);
  const weeks = await page.locator('#burndown tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const cell = (c) => tr.querySelector('.burndown-' + c).textContent;
    return { date: tr.dataset.week, met: cell('met'), forecast: cell('forecast'), expected: cell('expected'), due: cell('due'),
      onTime: cell('on-time'), late: cell('late'), left: cell('left'), forecastLeft: cell('forecast-left') };
  }));
  const plan = await api('/api/campaigns/hundred-day-2026/plan', tokens.supervisor);
  const all = plan.body.projects.flatMap((p) => p.milestones);
  assert.equal(Number(await page.getAttribute('#burndown', 'data-total')), all.length);
  assert.equal(weeks.reduce((n, w) => n + Number(w.due), 0), all.filter((m) => m.due <= campaign.body.end).length, 'every milestone due in one week');
  let metSoFar = 0;
  let lateSoFar = 0;
  for (const [i, b] of campaign.body.burndown.entries()) {
    const w = weeks[i];
    assert.equal(w.date, b.date);
    assert.equal(Number(w.expected), b.expected, 'expected at the standard pace, ' + b.date);
    if (b.met !== null) {
      metSoFar += Number(w.onTime) + Number(w.late);
      lateSoFar += Number(w.late);
      assert.equal(Number(w.met), b.met);
      assert.equal(metSoFar, b.met, 'met on time and late add up to the API\'s met, ' + b.date);
      assert.equal(Number(w.left), all.length - b.met);
    } else {
      assert.ok(w.forecast !== '' && w.forecastLeft !== '', 'a forecast for ' + b.date);
      assert.equal(Number(w.forecastLeft), all.length - Number(w.forecast));
    }
  }
  assert.equal(lateSoFar, all.filter((m) => m.reached_on && m.reached_on > m.due).length, 'met late as the plan has it');
  assert.equal(await page.locator('#burndown td.late').count(), weeks.filter((w) => Number(w.late) > 0).length, 'a late week is marked');
  assert.equal(await page.locator('#burndown svg.burndown-chart').count(), 1);
  assert.ok(await page.locator('#burndown svg .bd-left').count() === 1 && await page.locator('#burndown svg .bd-forecast-left').count() === 1);
  const burnText = await page.locator('#burndown').evaluate((e) => e.textContent);
  assert.ok(!/[A-Za-z]{3,}/.test(burnText), 'in Chinese: ' + burnText);
  await page.screenshot({ path: path.join(shots, 'overview.png'), fullPage: true });
  // A unit's red count opens that unit's red list.
  const first = reported.body.sections.units_ranking.rows.find((r) => r.red > 0);
  await page.click(`#units-ranking tr[data-unit="${first.unit}"] a.unit-red`);
  await page.waitForSelector('#red-list');
  assert.equal(Number(await page.textContent('#red-total')), first.red);
  await page.click('#nav-overview');
  await page.waitForSelector('#units-ranking');

  await page.click('#nav-lights');
  await page.waitForSelector('#red-list');
  assert.equal(await page.locator('#red-list tbody tr').count(), red.body.length);
  // The reasons are the API's, worded in Chinese on a Chinese page.
  const reasons = await page.locator('#red-list td.reason').allTextContents();
  assert.equal(reasons.length, red.body.length);
  for (const r of reasons) assert.ok(r !== '' && !/[A-Za-z]{3,}/.test(r), 'in Chinese: ' + r);
  assert.ok(reasons.some((r) => r.includes('逾期')), reasons.join(' | '));
  await page.screenshot({ path: path.join(shots, 'lights.png'), fullPage: true });

  await page.click('#nav-report');
  const report = page.frameLocator('#report-frame');
  await report.locator('svg[aria-label="项目推进阶段"]').waitFor();
  assert.equal(await report.locator('section#headline').count(), 1);
  await page.screenshot({ path: path.join(shots, 'report.png'), fullPage: true });
  // A digest's link: the report on the day it names.
  assert.ok(!(await report.locator('body').textContent()).includes('2026-07-15'));
  await page.evaluate(() => { location.hash = '#/report?as_of=2026-07-15'; });
  const dated = page.frameLocator('#report-frame');
  await dated.locator('h1:has-text("2026-07-15")').waitFor({ timeout: 15000 });

  await page.click('#lang-switch');
  await page.waitForSelector('#nav-overview');
  assert.equal(await page.textContent('#nav-overview'), 'Overview');
  await page.click('#nav-overview');
  await page.waitForSelector('#campaign-day-text');
  assert.equal(await page.textContent('#campaign-day-text'), 'Day 31');
  await page.waitForSelector('#forecast-label');
  assert.equal(await page.textContent('#campaign-partition-label'), 'Status');
  assert.equal(await page.textContent('#forecast-label'), 'Forecast');
  await page.context().close();
});

test('a leader adds an instruction from the blocked-project view and the API has it', async () => {
  const page = await signIn('leader');
  await page.click('#nav-blocked');
  await page.waitForSelector('#blocked-list');
  assert.equal(await page.inputValue('#leader-filter'), process.env.LEADER_NAME, 'filtered to the leader');
  // The leader's overdue instruction (run.sh: due 07-27, four days before
  // today) first, with its assignee, due date and days overdue, as the
  // standing gives them; and marked under its blocker.
  const late = await api('/api/projects/' + encodeURIComponent(process.env.OVERDUE_CODE), tokens.leader);
  const lateOne = late.body.blockers.flatMap((b) => b.instructions).find((i) => i.late && !i.done_on);
  assert.equal(lateOne.days_late, 4);
  const overdueRow = page.locator(`#overdue-instructions tr[data-code="${process.env.OVERDUE_CODE}"]`);
  assert.equal(await overdueRow.count(), 1);
  assert.equal(await overdueRow.getAttribute('data-days-overdue'), '4');
  const rowText = await overdueRow.textContent();
  for (const part of ['自然资源局', '2026-07-27', '批示逾期 4 天', lateOne.text]) assert.ok(rowText.includes(part), part + ' in ' + rowText);
  assert.equal(await page.textContent(`#blocked-list article[data-code="${process.env.OVERDUE_CODE}"] li[data-late=true] .instruction-overdue`),
    ' 批示逾期 4 天');
  // The report's blocked section lists it too, and counts it at the leader.
  const rep = (await api('/api/report?lang=zh', tokens.leader)).body.sections;
  const listed = rep.blocked.rows.find((r) => r.code === process.env.OVERDUE_CODE && r.kind === '批示逾期');
  assert.ok(listed, 'in the report\'s blocked section');
  assert.equal(listed.instruction_days_overdue, 4);
  assert.equal(listed.instruction_assignee, '自然资源局');
  assert.equal(listed.instruction_due, '2026-07-27');
  assert.equal(rep.leaders.rows.find((r) => r.id === process.env.LEADER_NAME).overdue_instructions, 1);
  const card = page.locator('#blocked-list article').first();
  const code = await card.getAttribute('data-code');
  const form = card.locator('form.instruction-form').first();
  const blocker = Number(await form.getAttribute('data-blocker'));
  const text = '请牵头部门本周内协调解决，下周调度会汇报';
  await form.locator('textarea[name=text]').fill(text);
  await form.locator('input[name=due]').fill('2026-08-07');
  await form.locator('button[type=submit]').click();
  await page.waitForSelector(`#blocked-list article[data-code="${code}"] .instruction-text >> text=${text}`);
  await page.screenshot({ path: path.join(shots, 'blocked.png'), fullPage: true });

  const project = await api('/api/projects/' + encodeURIComponent(code), tokens.supervisor);
  const b = project.body.blockers.find((x) => x.id === blocker);
  const written = b.instructions.find((i) => i.text === text);
  assert.ok(written, 'the instruction is in the API');
  assert.equal(written.by, process.env.LEADER_NAME);
  assert.equal(written.due, '2026-08-07');
  await page.context().close();
});

test('a unit records a transition for its own project and cannot edit another unit\'s', async () => {
  const page = await signIn('unit');
  const own = (await api('/api/projects?status=active&unit=' + encodeURIComponent(process.env.UNIT_NAME), tokens.unit))
    .body.find((p) => p.key && p.stage !== 'production');
  const other = (await api('/api/projects?status=active', tokens.unit)).body.find((p) => p.unit !== process.env.UNIT_NAME);
  assert.ok(own && other);

  await page.goto(base + '/#/project/' + encodeURIComponent(own.code));
  await page.waitForSelector('#advance-form');
  // Every deadline the standing function lists, with its source.
  const before = await api('/api/projects/' + encodeURIComponent(own.code), tokens.supervisor);
  assert.deepEqual(await page.locator('#deadlines li').evaluateAll((lis) => lis.map((li) => li.dataset.source)),
    before.body.deadlines.map((d) => d.source));
  // Its light history, each change dated, as the API gives it.
  const changes = await api('/api/projects/' + encodeURIComponent(own.code) + '/lights', tokens.supervisor);
  assert.ok(changes.body.length > 0);
  assert.deepEqual(await page.locator('#light-history li').evaluateAll((lis) => lis.map((li) => li.dataset.on + ' ' + li.dataset.light)),
    changes.body.map((c) => c.on + ' ' + c.light));
  const next = await page.locator('#advance-form select[name=to] option').first().getAttribute('value');
  await page.fill('#advance-form input[name=on]', '2026-07-30');
  // The evidence the stage asks for (the workflow's: a permit for 开工), when it asks.
  const stages = (await api('/api/workflow', tokens.unit)).body.stages;
  const asks = (id) => stages.find((st) => st.id === id).evidence.some((x) => x.id === 'permit');
  assert.equal(await page.locator('#advance-form input[name=permit]').count(), before.body.advance_to.some(asks) ? 1 : 0);
  if (asks(next)) await page.fill('#advance-form input[name=permit]', '330781202607300001');
  await page.click('#advance-form button[type=submit]');
  await page.waitForSelector(`#project-stage[data-stage="${next}"]`);
  const after = await api('/api/projects/' + encodeURIComponent(own.code), tokens.supervisor);
  assert.equal(after.body.stage, next);
  await page.screenshot({ path: path.join(shots, 'project.png'), fullPage: true });

  await page.goto(base + '/#/project/' + encodeURIComponent(other.code));
  await page.waitForSelector('#read-only');
  assert.equal(await page.locator('#advance-form').count(), 0, 'no form on another unit\'s project');
  // Nor does the server let the unit's token write it.
  const refused = await page.evaluate(async ([code, token]) => {
    const res = await fetch('/api/projects/' + encodeURIComponent(code) + '/advance', {
      method: 'POST', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'completion', evidence: { permit: 'x' } }),
    });
    return res.status;
  }, [other.code, tokens.unit]);
  assert.equal(refused, 403);
  const unchanged = await api('/api/projects/' + encodeURIComponent(other.code), tokens.supervisor);
  assert.equal(unchanged.body.stage, other.stage);
  await page.screenshot({ path: path.join(shots, 'project-read-only.png'), fullPage: true });
  await page.context().close();
});

// The forms a project page offers are the moves the lifecycle chart allows
// the project now (the API's allowed_moves), not a list of the page's own: a
// blocked project offers no advance form but its instruction forms; an active
// one offers exactly the stages the API names; a finished one no advance.
test('a project page offers the forms of the moves the chart allows it', async () => {
  const page = await signIn('supervisor');
  const moves = (p) => p.allowed_moves;

  const blocked = (await api('/api/projects?status=blocked', tokens.supervisor)).body[0];
  assert.ok(blocked, 'the example city has blocked projects');
  assert.ok(!moves(blocked).includes('advance'), 'the chart lets no blocked project advance');
  assert.ok(moves(blocked).includes('instruct'));
  await page.goto(base + '/#/project/' + encodeURIComponent(blocked.code));
  await page.waitForSelector('#advance-not-allowed');
  assert.equal(await page.locator('#advance-form').count(), 0, 'no advance form on a blocked project');
  assert.equal(await page.locator('form.instruction-form').count(), blocked.blockers.length);
  await page.screenshot({ path: path.join(shots, 'project-blocked.png'), fullPage: true });

  const active = (await api('/api/projects?status=active', tokens.supervisor)).body
    .find((p) => moves(p).includes('advance'));
  assert.ok(active);
  await page.goto(base + '/#/project/' + encodeURIComponent(active.code));
  await page.waitForSelector('#advance-form');
  assert.deepEqual(await page.locator('#advance-form select[name=to] option').evaluateAll((os) => os.map((o) => o.value)),
    active.advance_to);
  assert.equal(await page.locator('#advance-not-allowed').count(), 0);

  for (const status of ['finished', 'cancelled', 'dropped']) {
    const p = (await api('/api/projects?status=' + status, tokens.supervisor)).body[0];
    if (!p) continue;
    assert.ok(!moves(p).includes('advance'), status);
    await page.goto(base + '/#/project/' + encodeURIComponent(p.code));
    await page.waitForSelector('#advance-not-allowed');
    assert.equal(await page.locator('#advance-form').count(), 0, 'no advance form on a ' + status + ' project');
  }
  await page.context().close();
});

// Units report from sites on their phones: at 390 px every page fits the
// width (no horizontal scrolling) and its form can be used.
test('every page works at a phone\'s 390 px', async () => {
  const pages = [
    ['overview', '/#/', '#units-ranking'],
    ['lights', '/#/lights', '#red-list'],
    ['blocked', '/#/blocked', '#blocked-list'],
    ['project', '/#/project/LX-2026-001', '#light-history'],
    ['report', '/#/report', '#report-frame'],
  ];
  for (const who of ['supervisor', 'unit']) {
    const page = await signIn(who, { width: 390, height: 844 });
    for (const [name, url, ready] of pages) {
      await page.goto(base + url);
      await page.waitForSelector(ready);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(widths[0] <= widths[1], `${who} ${name}: ${widths[0]} px wide in a ${widths[1]} px window`);
      if (who === 'supervisor') await page.screenshot({ path: path.join(shots, `phone-${name}.png`), fullPage: true });
    }
    if (who === 'unit') {
      // The unit's own project: the advance form fits and takes input.
      const own = (await api('/api/projects?status=active&unit=' + encodeURIComponent(process.env.UNIT_NAME), tokens.unit))
        .body.find((p) => p.key && p.stage !== 'production');
      await page.goto(base + '/#/project/' + encodeURIComponent(own.code));
      await page.waitForSelector('#advance-form');
      const box = await page.locator('#advance-form button[type=submit]').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'the submit button is on screen');
      await page.fill('#advance-form input[name=on]', '2026-07-31');
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(widths[0] <= widths[1], `the unit's form: ${widths[0]} px wide`);
      await page.screenshot({ path: path.join(shots, 'phone-project-form.png'), fullPage: true });
    }
    await page.context().close();
  }
});

test('the wall chart needs no token when served with --wall', async () => {
  // A viewer in another time zone and locale: the page still shows the server's time, in Chinese.
  const context = await browser().newContext({ viewport: { width: 1600, height: 900 }, timezoneId: 'America/New_York', locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(base + '/wall');
  await page.waitForSelector('#wall-table');
  assert.equal(await page.getAttribute('#wall-day', 'data-day'), '31');
  const wall = await (await fetch(base + '/api/wall')).json();
  assert.equal(await page.locator('#wall-table tbody tr').count(), wall.projects.length);
  const flags = wall.projects.flatMap((p) => p.milestones).length;
  assert.equal(await page.locator('#wall-table td.flag').count(), flags);
  assert.equal(await page.locator('#wall-table td[data-flag=red]').count(), wall.flags.red);
  for (const k of ['met', 'met_late', 'on_track', 'recovered', 'behind', 'blocked', 'left'])
    assert.equal(Number(await page.getAttribute(`#wall-partition [data-part=${k}]`, 'data-count')), wall.campaign.counts[k], k);
  // The server's clock (--now 2026-07-31T10:00, running on), in Chinese, not the viewer's machine's time.
  assert.match(wall.now, /^2026-07-31T10:0\d:\d\d\+08:00$/);
  assert.match(await page.textContent('#wall-refreshed'), /2026年7月31日 10:0\d:\d\d$/);
  // The title is the campaign's own; the columns are its stages; every row's status is shown.
  assert.equal(await page.textContent('#wall-title'), wall.campaign.label.zh + ' · 挂图作战');
  const heads = await page.locator('#wall-table th.stage-col').allTextContents();
  assert.ok(heads.length > 0 && heads.every((h) => !/#\d/.test(h) && !/[A-Za-z]{3,}/.test(h)), heads.join(' | '));
  const stageLabels = new Map(wall.projects.flatMap((p) => p.milestones.map((m) => [m.stage, m.label.zh])));
  for (const th of await page.locator('#wall-table th.stage-col').evaluateAll((ths) => ths.map((h) => [h.dataset.stage, h.textContent])))
    assert.equal(th[1], stageLabels.get(th[0]));
  for (const p of wall.projects)
    assert.equal(await page.getAttribute(`#wall-table tr[data-code="${p.code}"] .status`, 'data-status'), p.status);
  await checkFlagContrast(page);
  const fitted = await page.evaluate(() => [document.getElementById('wall-table').getBoundingClientRect().bottom, innerHeight,
    document.documentElement.scrollWidth, innerWidth]);
  assert.ok(fitted[0] <= fitted[1] && fitted[2] <= fitted[3], 'the chart fits the window: ' + fitted.join(' '));
  await page.screenshot({ path: path.join(shots, 'wall.png'), fullPage: true });
  await context.close();
  // On a phone: every row, no pages, the table scrolling inside its frame, the page not sideways.
  const phone = await browser().newContext({ viewport: { width: 390, height: 844 } });
  const small = await phone.newPage();
  await small.goto(base + '/wall');
  await small.waitForSelector('#wall-table');
  assert.equal(await small.locator('#wall-table tbody tr').count(), wall.projects.length);
  assert.equal(await small.getAttribute('#wall-page', 'data-pages'), '1');
  const across = await small.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(across[0] <= across[1], 'the phone page is not wider than the phone: ' + across.join(' '));
  await small.screenshot({ path: path.join(shots, 'wall-phone.png'), fullPage: true });
  await phone.close();
});

// WCAG AA (4.5:1) between each flag's cloth and the background it is drawn on.
async function checkFlagContrast(page) {
  const pairs = await page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (e) => {
      for (let n = e; n; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    return [...document.querySelectorAll('.flag-cloth')].map((e) => {
      const a = lum(rgb(getComputedStyle(e).fill)), b = lum(background(e.closest('svg').parentElement));
      return { fill: getComputedStyle(e).fill, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
  });
  assert.ok(pairs.some((p) => p.fill === 'rgb(17, 17, 17)') && pairs.some((p) => p.fill !== 'rgb(17, 17, 17)'), 'red and black flags drawn');
  for (const p of pairs) assert.ok(p.ratio >= 4.5, `flag ${p.fill}: contrast ${p.ratio.toFixed(2)} below 4.5`);
}

test('the wall fits 1920×1080 with 60 projects, pages if it must, and titles a 60-day campaign its own way', async () => {
  const context = await browser().newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const real = await (await fetch(base + '/api/wall')).json();
  const statuses = ['active', 'blocked', 'dropped', 'cancelled'];
  const sixty = Array.from({ length: 60 }, (_, i) => ({ ...real.projects[i % real.projects.length],
    code: 'W-' + (i + 1), status: statuses[i % 4],
    // Flags of both colours in the cells, to check their contrast there too.
    milestones: real.projects[i % real.projects.length].milestones.map((m, k) => (k > 0 || i % 3 === 2 ? m
      : { ...m, flag: i % 3 ? 'black' : 'red', reached_on: i % 3 ? null : m.due })) }));
  const spring = { ...real, projects: sixty, campaign: { ...real.campaign, id: 'spring-2027', days: 60,
    label: { zh: '春季攻坚', en: 'Spring campaign' } } };
  await page.route('**/api/wall*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(spring) }));
  await page.goto(base + '/wall?page_seconds=5');
  await page.waitForSelector('#wall-table');
  assert.equal(await page.textContent('#wall-title'), '春季攻坚 · 挂图作战');
  assert.equal(await page.title(), '春季攻坚 · 挂图作战');
  const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth, innerHeight]);
  assert.ok(size[0] <= size[2] && size[1] <= size[3], 'no scrolling: ' + size.join(' '));
  const bottom = await page.evaluate(() => document.getElementById('wall-table').getBoundingClientRect().bottom);
  assert.ok(bottom <= 1080, 'the table ends on screen: ' + bottom);
  const pages = Number(await page.getAttribute('#wall-page', 'data-pages'));
  const shown = await page.locator('#wall-table tbody tr').count();
  assert.ok(pages >= 1 && shown * pages >= 60 && (pages === 1 ? shown === 60 : shown < 60), `${shown} rows × ${pages} pages`);
  if (pages > 1) {
    assert.equal(await page.textContent('#wall-page'), `第 1/${pages} 页`);
    await page.waitForSelector('#wall-table[data-page="2"]', { timeout: 10000 });
  }
  // Statuses: each marked in words, a dropped or cancelled row looking like no other.
  const looks = await page.locator('#wall-table tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const badge = tr.querySelector('.status');
    const b = getComputedStyle(badge), n = getComputedStyle(tr.querySelector('td.name'));
    return { status: tr.dataset.status, text: badge.textContent,
      look: [b.backgroundColor, b.borderStyle, b.textDecorationLine, n.opacity, n.fontStyle, n.textDecorationLine, n.borderLeftStyle].join('/') };
  }));
  const words = { active: '推进中', blocked: '受阻', dropped: '已剔除', cancelled: '已取消' };
  for (const l of looks) assert.equal(l.text, words[l.status]);
  for (const st of ['dropped', 'cancelled']) {
    const mine = looks.filter((l) => l.status === st);
    assert.ok(mine.length > 0, st + ' shown');
    for (const other of looks.filter((l) => l.status !== st))
      assert.notEqual(other.look, mine[0].look, `${st} looks like ${other.status}`);
  }
  assert.ok(await page.locator('#wall-table td[data-flag=red] .flag-cloth').count() > 0);
  assert.ok(await page.locator('#wall-table td[data-flag=black] .flag-cloth').count() > 0);
  await checkFlagContrast(page);
  const text = await page.evaluate(() => [document.querySelector('header').textContent,
    ...[...document.querySelectorAll('#wall-table th, #wall-table .status, #wall-table td.flag')].map((e) => e.textContent)].join(' '));
  assert.ok(!/[A-Za-z]{3,}/.test(text), 'in Chinese: ' + text);
  await page.screenshot({ path: path.join(shots, 'wall-1920x1080.png') });
  // A smaller screen cannot hold 60 rows: the chart pages by itself, every page on screen.
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.waitForFunction(() => Number(document.getElementById('wall-page').dataset.pages) > 1);
  const paged = Number(await page.getAttribute('#wall-page', 'data-pages'));
  const perPage = await page.locator('#wall-table tbody tr').count();
  assert.ok(perPage * paged >= 60 && perPage * (paged - 1) < 60, `${perPage} rows × ${paged} pages`);
  assert.match(await page.textContent('#wall-page'), new RegExp(`^第 \\d+/${paged} 页$`));
  const seen = new Set();
  for (let k = 0; k < paged; ++k) {
    const at = Number(await page.getAttribute('#wall-table', 'data-page'));
    for (const c of await page.locator('#wall-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.code))) seen.add(c);
    const box = await page.evaluate(() => [document.getElementById('wall-table').getBoundingClientRect().bottom, innerHeight]);
    assert.ok(box[0] <= box[1], `page ${at} ends on screen: ${box.join(' ')}`);
    if (k + 1 < paged) await page.waitForFunction((n) => Number(document.getElementById('wall-table').dataset.page) !== n, at, { timeout: 10000 });
  }
  assert.equal(seen.size, 60, 'every project on some page');
  await page.screenshot({ path: path.join(shots, 'wall-paged.png') });
  await context.close();
});

test('a province user opens on the cities ranked as the 红黑榜, and a city\'s name opens its overview, read-only', async () => {
  const page = await signIn('province');
  await page.waitForSelector('#province-table');
  const rollup = await api('/api/province/report', tokens.province);
  assert.equal(rollup.status, 200);
  const rows = rollup.body.sections.cities.rows;
  // Each city, ranked, then the province's total: every figure as the API gives it ("—" where none).
  const shownIds = await page.$$eval('#province-table tbody tr', (trs) => trs.map((tr) => tr.dataset.city));
  const ranked = rows.filter((r) => r.id !== 'total').sort((a, b) => a.rank - b.rank).map((r) => r.id);
  assert.deepEqual(shownIds, [...ranked, 'total']);
  const figures = rollup.body.sections.cities.columns.map((c) => c.id).filter((id) => !['city', 'rank', 'board'].includes(id));
  for (const row of rows) {
    for (const f of figures) {
      const text = await page.textContent(`#province-table tr[data-city="${row.id}"] td[data-figure="${f}"]`);
      assert.equal(text, row[f] === null ? '—' : String(row[f]), `${row.id} ${f}`);
    }
  }
  // The campaign's partition by city, and the total.
  for (const row of rollup.body.sections.campaign.rows) {
    for (const k of ['projects', 'met', 'on_track', 'behind', 'blocked', 'left']) {
      const text = await page.textContent(`#province-campaign-table tr[data-city="${row.id}"] td[data-part="${k}"]`);
      assert.equal(text, row[k] === null ? '—' : String(row[k]), `${row.id} campaign ${k}`);
    }
  }
  // One city is no ranking: no board; with more, the first is 红榜 and the last 黑榜.
  const boards = await page.$$eval('#province-table .board', (b) => b.map((x) => [x.closest('tr').dataset.rank, x.dataset.board]));
  if (ranked.length < 2) assert.deepEqual(boards, []);
  else assert.deepEqual(boards, [['1', 'red'], [String(ranked.length), 'black']]);
  await page.screenshot({ path: path.join(shots, 'province.png'), fullPage: true });
  // A city's name opens its overview: its own report's figures, and nothing to write.
  const city = rows.find((r) => r.id === ranked[0]);
  await page.click(`#province-table tr[data-city="${city.id}"] a.city-link`);
  await page.waitForSelector('#city-overview');
  const own = (await api('/api/province/report?city=' + city.id, tokens.province)).body;
  assert.equal(await page.textContent('#city-overview h2'), city.city + ' ' + own.as_of);
  assert.equal(Number(await page.textContent('#city-count-key')), own.headline.key_projects);
  assert.equal(await page.textContent('#city-start-ratio'), own.headline.start_ratio_percent + '%');
  assert.equal(Number(await page.textContent('#city-count-red')), own.sections.lights.rows.find((r) => r.id === 'red').projects);
  assert.equal(await page.textContent('#city-target'), String(own.headline.domestic_target_wan ?? '—'));
  const whole = own.sections.campaign.rows[0];
  for (const k of ['met', 'on_track', 'behind', 'blocked', 'left'])
    assert.equal(await page.getAttribute(`#city-campaign-partition [data-part="${k}"]`, 'data-count'), String(whole[k]));
  assert.ok(await page.isVisible('#city-read-only'));
  assert.equal(await page.locator('#main form, #main input, #main select, #main textarea, #main button').count(), 0, 'no write forms');
  assert.equal(await page.locator('#main a[href^="#/project/"], #main a[href^="#/lights"], #main a[href^="#/blocked"]').count(), 0,
    'no link into the reader\'s own city');
  await page.screenshot({ path: path.join(shots, 'province-city.png'), fullPage: true });
  // … and from there its full report.
  await page.click('#city-report-link');
  await page.frameLocator('#city-report-frame').locator('section#headline').waitFor();
  await page.screenshot({ path: path.join(shots, 'province-city-report.png'), fullPage: true });
  // Other users have no province page, and the API refuses them its roll-up.
  const other = await signIn('supervisor');
  await other.waitForSelector('#campaign-day-text');
  assert.equal(await other.locator('#nav-province').count(), 0);
  assert.equal((await api('/api/province/report', tokens.supervisor)).status, 403);
  await page.context().close();
  await other.context().close();
});

// Defence in depth (issue 25): every response carries the CSP, nosniff and
// no-referrer headers; a project named with markup and an inline handler runs
// nothing on any page, the report's sandboxed frame included, and no page
// breaks the policy (a violation is a console error the test listens for).
test('a project named <img onerror> runs nothing anywhere, and every page keeps the CSP', async () => {
  const xss = process.env.XSS_TEXT;
  const code = process.env.XSS_CODE;
  const csp = (h) => h.get('content-security-policy') || '';
  const checkHeaders = (label, res) => {
    assert.match(csp(res.headers), /default-src 'self'/, label);
    assert.match(csp(res.headers), /script-src 'self'(;|$)/, label + ': no inline script');
    assert.doesNotMatch(csp(res.headers), /unsafe-inline|unsafe-eval/, label);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', label);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', label);
  };
  const auth = { headers: { Authorization: 'Bearer ' + tokens.supervisor } };
  for (const [label, url, options, status] of [
    ['dashboard', '/', {}, 200],
    ['wall', '/wall', {}, 200],
    ['script', '/assets/app.js', {}, 200],
    ['wall data', '/api/wall', {}, 200],
    ['report (streamed)', '/api/report?format=html', auth, 200],
    ['project', '/api/projects/' + code, auth, 200],
    ['no token', '/api/projects', {}, 401],
    ['not found', '/api/projects/NO-SUCH', auth, 404],
    ['healthz', '/healthz', {}, null],
  ]) {
    const res = await fetch(base + url, options);
    if (status !== null) assert.equal(res.status, status, label);
    checkHeaders(label, res);
    await res.arrayBuffer();
  }
  // A body over the limit is refused before any route: the headers still.
  const big = await fetch(base + '/api/projects', { method: 'POST', ...auth, body: 'x'.repeat(2 << 20) });
  assert.equal(big.status, 413);
  checkHeaders('too large', big);
  await big.arrayBuffer();

  // The report as the server renders it escapes the name.
  const html = await (await fetch(base + '/api/report?format=html', auth)).text();
  assert.ok(!html.includes(xss) && html.includes('&lt;img src=x onerror='), 'the report escapes the name');

  const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
  const ran = [];
  const violations = [];
  await context.exposeBinding('luodiXss', ({ frame }, where) => ran.push(where || frame.url()));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__luodiViolations ||= []).push(e.violatedDirective + ' ' + e.blockedURI);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Blocked script execution/i.test(msg.text())) violations.push(msg.text());
  });
  page.on('pageerror', (e) => violations.push('page error: ' + e.message));
  const settle = async (label) => {
    // Markup made from the name would load /x (a 404) and fire its onerror
    // when that answer came: wait for a probe image of the same URL to fail
    // first, an answer that comes after any such one.
    await page.evaluate(() => new Promise((done) => {
      const probe = new Image();
      probe.addEventListener('error', done);
      probe.addEventListener('load', done);
      probe.src = '/x?probe';
    }));
    const found = await page.evaluate(() => window.__luodiViolations || []);
    assert.deepEqual(found, [], label + ': CSP violations');
    assert.deepEqual(violations, [], label + ': console');
    assert.deepEqual(ran, [], label + ': luodiXss was called');
  };
  const shown = async (label, selector) => {
    const text = await page.locator(selector).allTextContents();
    assert.ok(text.some((t) => t.includes(xss)), `${label}: the name shows as text in ${selector}`);
    assert.equal(await page.locator(selector + ' img').count(), 0, label + ': no <img> made from it');
  };

  await page.goto(base + '/');
  await page.fill('#token', tokens.supervisor);
  await page.click('#login');
  await page.waitForSelector('#units-ranking');
  await settle('overview');
  await page.goto(base + '/#/lights');
  await page.waitForSelector('#red-list');
  await settle('lights');
  await page.goto(base + '/#/blocked');
  await page.waitForSelector('#blocked-list');
  await shown('blocked', '#blocked-list');
  await settle('blocked');
  await page.goto(base + '/#/project/' + code);
  await page.waitForSelector('#light-history');
  await shown('project', '#main');
  await settle('project');
  await page.goto(base + '/#/report');
  await page.waitForSelector('#report-frame');
  assert.equal(await page.getAttribute('#report-frame', 'sandbox'), '', 'the report frame is sandboxed, scripts not allowed');
  const report = page.frameLocator('#report-frame');
  await report.locator('section#headline').waitFor();
  // The report still displays, styled by its own <style> block (allowed by its hash).
  assert.equal(await report.locator('h2').first().evaluate((h) => getComputedStyle(h).borderBottomStyle), 'solid');
  assert.ok((await report.locator('body').textContent()).includes(xss), 'the report shows the name as text');
  assert.equal(await report.locator('img').count(), 0);
  await settle('report');
  await page.goto(base + '/wall');
  await page.waitForSelector('#wall-table');
  await settle('wall');
  await page.evaluate(() => localStorage.clear());

  // The leader's pages: the overview and the blocked view filtered to them.
  await page.goto(base + '/');
  await page.waitForSelector('#token');
  await page.fill('#token', tokens.leader);
  await page.click('#login');
  await page.waitForSelector('#me');
  await settle('leader overview');
  await page.goto(base + '/#/blocked?leader=' + encodeURIComponent(process.env.LEADER_NAME));
  await page.waitForSelector('#blocked-list');
  await shown('leader blocked', '#blocked-list');
  await settle('leader blocked');
  await page.goto(base + '/#/project/' + code);
  await page.waitForSelector('#light-history');
  await settle('leader project');
  await context.close();
});
