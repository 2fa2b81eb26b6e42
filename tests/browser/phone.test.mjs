// Phones (issue 27, item 4): at 390 px no date, code or name breaks across
// lines on any page (the dashboard's views, the wall, the province's, the
// report), tables scroll inside their card, and the report's charts keep their
// labels and values on screen. run.sh starts the server; screenshots of each
// page go to SCREENSHOTS as phone390-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { base, shots, tokens, sharedBrowser } from './setup.mjs';
const phone = { width: 390, height: 844 };

async function api(pathname, token) {
  const res = await fetch(base + pathname, { headers: { Authorization: 'Bearer ' + token } });
  return { status: res.status, body: await res.json() };
}

const browser = sharedBrowser();

async function signIn(who) {
  const context = await browser().newContext({ viewport: phone });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.fill('#token', tokens[who]);
  await page.click('#login');
  await page.waitForSelector('#me');
  return page;
}

// Runs in the page: every piece of text that must stay on one line and does
// not. Lines are counted from the text's own boxes (Range.getClientRects()):
// boxes that do not overlap vertically stand on different lines. Checked:
// every date (YYYY-MM-DD) in any visible text; every table cell, bar label,
// light and partition part whose text is one word (no space, at most 16
// characters: a name, a code, a date, a number), but for the cells of long
// text, which may wrap (reasons, instructions: .reason, .wrap).
function brokenTexts() {
  const lineCount = (range) => {
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0)
      .sort((a, b) => a.top - b.top);
    let lines = 0;
    let bottom = -Infinity;
    for (const r of rects) {
      if (r.top >= bottom - 2) {
        lines += 1;
        bottom = r.bottom;
      } else {
        bottom = Math.max(bottom, r.bottom);
      }
    }
    return lines;
  };
  const where = (node) => {
    const e = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '');
  };
  const broken = [];
  let dates = 0;
  let words = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const DATE = /\d{4}-\d{2}-\d{2}/g;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('option,script,style,textarea,title')) continue;
    for (const m of n.data.matchAll(DATE)) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      const lines = lineCount(r);
      if (lines === 0) continue;  // not shown
      dates += 1;
      if (lines > 1) broken.push(`date ${m[0]} on ${lines} lines in ${where(n)}: ${n.parentElement.outerHTML.slice(0, 120)}`);
    }
  }
  for (const e of document.querySelectorAll('td, th, .bar-label, .light, .part, time')) {
    const text = e.textContent.trim();
    if (e.matches('.reason, .wrap, .instruction-text') || text === '' || /\s/.test(text) || [...text].length > 16) continue;
    const r = document.createRange();
    r.selectNodeContents(e);
    const lines = lineCount(r);
    if (lines === 0) continue;
    words += 1;
    if (lines > 1) broken.push(`"${text}" on ${lines} lines in ${where(e)}`);
  }
  return { broken, dates, words };
}

// A page (or the report's frame) at 390 px: no date or word broken, nothing
// wider than the window; its screenshot kept.
async function checkPage(page, name, { frame = null, minDates = 1 } = {}) {
  const target = frame ? page.frameLocator(frame).locator('body') : page.locator('body');
  const found = await target.evaluate(brokenTexts);
  assert.deepEqual(found.broken, [], `${name}: text broken across lines`);
  assert.ok(found.dates >= minDates, `${name}: ${found.dates} dates checked`);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth,
    // The outermost elements past the window's right edge, if any.
    [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 &&
      e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1 && !e.parentElement.closest('.scroll,table'))
      .slice(0, 5).map((e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))]);
  assert.ok(widths[0] <= widths[1], `${name}: ${widths[0]} px wide in a ${widths[1]} px window: ${widths[2].join(', ')}`);
  await page.screenshot({ path: path.join(shots, `phone390-${name}.png`), fullPage: true });
  return found;
}

test('at 390 px no date, code or name breaks on any dashboard page', async () => {
  const blocked = (await api('/api/projects?status=blocked', tokens.supervisor)).body[0];
  const own = (await api('/api/projects?status=active&unit=' + encodeURIComponent(process.env.UNIT_NAME), tokens.unit))
    .body.find((p) => p.key);
  const views = [
    ['supervisor', 'overview', '/#/', '#units-ranking'],
    ['supervisor', 'lights', '/#/lights', '#red-list'],
    ['supervisor', 'blocked', '/#/blocked', '#blocked-list'],
    ['supervisor', 'project', '/#/project/LX-2026-001', '#light-history'],
    ['supervisor', 'project-blocked', '/#/project/' + encodeURIComponent(blocked.code), '#light-history'],
    ['leader', 'leader-blocked', '/#/blocked', '#blocked-list'],
    ['unit', 'unit-project', '/#/project/' + encodeURIComponent(own.code), '#light-history'],
  ];
  for (const who of ['supervisor', 'leader', 'unit']) {
    const page = await signIn(who);
    for (const [w, name, url, ready] of views) {
      if (w !== who) continue;
      await page.goto(base + url);
      await page.waitForSelector(ready);
      const found = await checkPage(page, name);
      if (name === 'overview') {
        // The 红黑榜's unit names and the trend's dates were among those checked.
        assert.ok(found.words >= 20, `overview: ${found.words} words checked`);
        const unit = await page.locator('#units-ranking tbody td:nth-child(2)').first().evaluate((td) => {
          const r = document.createRange();
          r.selectNodeContents(td);
          return [r.getBoundingClientRect().height, parseFloat(getComputedStyle(td).lineHeight) || 0, td.textContent];
        });
        assert.ok(unit[0] < 2 * (unit[1] || 20), `the unit ${unit[2]} stands on one line: ${unit[0]} px high`);
      }
    }
    if (who === 'supervisor') {
      // The same in English (the page's words change, the dates and names not).
      await page.evaluate(() => localStorage.setItem('luodi.lang', 'en'));
      for (const [name, url, ready] of [['overview-en', '/#/', '#units-ranking'], ['lights-en', '/#/lights', '#red-list']]) {
        await page.goto(base + url);
        await page.waitForSelector(ready);
        assert.equal(await page.textContent('#nav-overview'), 'Overview');
        await checkPage(page, name);
      }
    }
    await page.context().close();
  }
});

test('at 390 px the report is readable, alone and in the dashboard', async () => {
  const page = await signIn('supervisor');
  await page.goto(base + '/#/report');
  await page.frameLocator('#report-frame').locator('section#headline').waitFor();
  // The frame fills the window below the header, not cut short: its own
  // scroll shows the whole report.
  const box = await page.locator('#report-frame').boundingBox();
  const header = await page.locator('header').boundingBox();
  assert.ok(box.y + box.height <= phone.height + 1, `the frame ends in the window: ${box.y + box.height}`);
  assert.ok(box.height >= phone.height - header.height - 60, `the frame takes the window: ${box.height} px high`);
  await checkPage(page, 'report-frame', { frame: '#report-frame' });

  // The report opened on its own (a link, a phone's browser).
  const context = await browser().newContext({ viewport: phone, extraHTTPHeaders: { Authorization: 'Bearer ' + tokens.supervisor } });
  const alone = await context.newPage();
  await alone.goto(base + '/api/report?format=html&lang=zh');
  await alone.waitForSelector('section#headline');
  await checkPage(alone, 'report');
  // Every chart fits the width; a bar chart's labels start inside it and its
  // values stand after their bars, inside it too.
  const charts = await alone.locator('svg.chart').evaluateAll((svgs) => svgs.map((svg) => {
    const s = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect());
    const bars = [...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect());
    const values = [...svg.querySelectorAll('text.bar-value')].map((t) => t.getBoundingClientRect());
    return {
      title: svg.getAttribute('aria-label'),
      left: s.left, right: s.right,
      textsInside: texts.every((t) => t.left >= s.left - 1 && t.right <= s.right + 1),
      valuesAfterBars: values.every((v, i) => !bars[i] || v.left >= bars[i].right - 1),
      values: values.length, fontSize: texts.length ? Math.min(...texts.map((t) => t.height)) : 0,
    };
  }));
  assert.ok(charts.length >= 2, 'the report has its charts');
  for (const c of charts) {
    assert.ok(c.left >= 0 && c.right <= phone.width, `${c.title}: ${c.left}–${c.right} px in a ${phone.width} px window`);
    assert.ok(c.textsInside, `${c.title}: every label and value inside the chart`);
    assert.ok(c.valuesAfterBars, `${c.title}: values after their bars`);
    assert.ok(c.fontSize >= 8, `${c.title}: text ${c.fontSize} px high`);
  }
  assert.ok(charts.some((c) => c.values > 0), 'bars carry their values');
  // Wide tables scroll inside their section, not the page.
  const tables = await alone.locator('section table').evaluateAll((ts) => ts.map((t) =>
    [t.closest('.scroll') !== null, getComputedStyle(t.closest('.scroll') || t).overflowX]));
  assert.ok(tables.length > 0 && tables.every(([wrapped, overflow]) => wrapped && overflow === 'auto'), 'each table in a scroll box');
  await context.close();
  await page.context().close();
});

test('at 390 px the wall and the province\'s pages keep dates and names whole', async () => {
  const context = await browser().newContext({ viewport: phone });
  const wall = await context.newPage();
  await wall.goto(base + '/wall');
  await wall.waitForSelector('#wall-table');
  await checkPage(wall, 'wall');
  await context.close();

  const page = await signIn('province');
  await page.waitForSelector('#province-table');
  await checkPage(page, 'province', { minDates: 0 });
  const city = (await api('/api/province/report', tokens.province)).body.sections.cities.rows[0];
  await page.click(`#province-table tr[data-city="${city.id}"] a.city-link`);
  await page.waitForSelector('#city-overview');
  await checkPage(page, 'province-city', { minDates: 0 });
  await page.click('#city-report-link');
  await page.frameLocator('#city-report-frame').locator('section#headline').waitFor();
  await checkPage(page, 'province-city-report', { frame: '#city-report-frame' });
  await page.context().close();
});
