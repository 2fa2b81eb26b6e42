// The office's big-screen wall chart (挂图作战): the campaign countdown and one
// row per campaign project along its milestones (a column per stage) — a red
// flag where a milestone was met, a black flag where it was missed — and each
// project's status. Fits the screen, turning pages (every 15 s, or
// ?page_seconds=N) when the rows cannot fit. Read-only; refreshes itself
// (every 60 s, or ?refresh=SECONDS). ?city=ID: that city's chart, on a server
// of several cities (default: the first city, or the token's).
'use strict';

(() => {
  const { t, label, api, el } = Luodi;
  const params = new URLSearchParams(location.search);
  const refreshSeconds = Math.max(5, Number(params.get('refresh')) || 60);
  const city = params.get('city');
  const wallData = '/api/wall' + (city ? '?city=' + encodeURIComponent(city) : '');

  // Flag colours chosen for the dark wall: the red cloth on the dark cells,
  // the black cloth on a light chip (WCAG AA, 4.5:1, checked by the browser test).
  const RED = '#ff5a52';
  const BLACK = '#111';
  const flagSvg = (color) => {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '22');
    svg.setAttribute('height', '22');
    svg.setAttribute('viewBox', '0 0 22 22');
    svg.setAttribute('aria-hidden', 'true');
    const pole = document.createElementNS(ns, 'rect');
    pole.setAttribute('x', '3'); pole.setAttribute('y', '2'); pole.setAttribute('width', '2'); pole.setAttribute('height', '18');
    pole.setAttribute('fill', '#888');
    const cloth = document.createElementNS(ns, 'path');
    cloth.setAttribute('class', 'flag-cloth');
    cloth.setAttribute('d', 'M5 3 L19 7 L5 12 Z');
    cloth.setAttribute('fill', color);
    svg.append(pole, cloth);
    return svg;
  };

  // The column headers are the milestones' stages, in the workflow's order
  // (the server's `stages`); a row fills the stages it has.
  const stageColumns = (wall) => wall.stages || [];

  function milestoneCell(m) {
    const title = label(m.label) + ' ' + t('due_date') + ' ' + m.due + (m.reached_on ? ' · ' + t('reached_on') + ' ' + m.reached_on : '');
    const attrs = (flag) => ({ class: 'flag flag-' + flag, 'data-flag': flag, 'data-stage': m.stage, title });
    if (m.flag === 'red') return el('td', attrs('red'), flagSvg(RED), ' ', el('span', { class: 'date' }, m.reached_on || m.due));
    if (m.flag === 'black') return el('td', attrs('black'), flagSvg(BLACK), ' ', el('span', { class: 'date' }, m.due));
    return el('td', attrs('pending'), el('span', { class: 'date muted' }, m.due));
  }

  function statusBadge(status) {
    return el('span', { class: 'status status-' + status, 'data-status': status }, t('status_' + status));
  }

  // Paging: the rows that fit below the header, turned every `pageSeconds`.
  const pageSeconds = Math.max(5, Number(params.get('page_seconds')) || 15);
  let pageTimer = null;
  let pageIndex = 0;

  // The chart fits the screen: one table, its font shrinking (not below
  // 16 px); else two tables side by side (not below 13 px); else pages of
  // rows, turned every `pageSeconds`. Below 900 px wide, one table that
  // scrolls sideways in its frame, the page scrolling down.
  function fit(main, tableOf, rows) {
    clearInterval(pageTimer);
    pageTimer = null;
    const pager = document.getElementById('wall-page');
    // The pager's words are in the header: measured with them (a page count of two digits at most).
    pager.textContent = t('page_of', { page: 88, pages: 88 });
    pager.style.visibility = 'hidden';
    const room = () => window.innerHeight - main.getBoundingClientRect().top - 8;
    const wide = () => document.documentElement.scrollWidth <= window.innerWidth;
    const fits = (grid) => grid.getBoundingClientRect().height <= room() && wide();
    const render = (list, columns, size) => {
      const per = Math.ceil(list.length / columns);
      const grid = el('div', { id: 'wall-table', class: 'wall-grid', 'data-columns': String(columns) },
        Array.from({ length: columns }, (_, i) => tableOf(list.slice(i * per, (i + 1) * per))));
      grid.style.fontSize = size + 'px';
      main.replaceChildren(grid);
      return grid;
    };
    // A phone or a narrow window is no wall: one table that scrolls inside its frame, no pages.
    if (window.innerWidth < 900) {
      render(rows, 1, 14).dataset.columns = '0';
      pager.textContent = '';
      pager.style.visibility = '';
      pager.dataset.pages = '1';
      return;
    }
    for (const [columns, from, to] of [[1, 20, 16], [2, 20, 13]])
      for (let size = from; size >= to; --size) {
        if (columns > 1 && rows.length < 2) break;
        const grid = render(rows, columns, size);
        if (fits(grid)) {
          pager.textContent = '';
          pager.style.visibility = '';
          pager.dataset.pages = '1';
          return;
        }
      }
    // Pages: two tables if two fit across, else one, at the smallest size.
    let columns = 2;
    let size = 13;
    let grid = render(rows, columns, size);
    if (!wide()) {
      columns = 1;
      size = 14;
      grid = render(rows, columns, size);
    }
    const table = grid.querySelector('table');
    const head = table.tHead.getBoundingClientRect().height;
    const rowHeight = Math.max(...[...grid.querySelectorAll('tbody tr')].map((r) => r.getBoundingClientRect().height));
    const per = columns * Math.max(1, Math.floor((room() - head - 4) / rowHeight));
    const pages = Math.ceil(rows.length / per);
    const show = () => {
      pageIndex %= pages;
      grid = render(rows.slice(pageIndex * per, (pageIndex + 1) * per), columns, size);
      grid.dataset.page = String(pageIndex + 1);
      pager.dataset.page = String(pageIndex + 1);
      pager.dataset.pages = String(pages);
      pager.textContent = t('page_of', { page: pageIndex + 1, pages });
      pager.style.visibility = '';
    };
    show();
    pageTimer = setInterval(() => { pageIndex += 1; show(); }, pageSeconds * 1000);
  }

  async function refresh() {
    await Luodi.ready().catch(() => null);  // the page's words, from the catalogue
    document.title = t('wall_chart');
    document.documentElement.lang = Luodi.lang() === 'en' ? 'en' : 'zh-CN';
    const main = document.getElementById('wall-main');
    let wall;
    try {
      wall = await api(wallData);
    } catch (err) {
      clearInterval(pageTimer);
      main.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.status === 401
        ? t('need_token') : err.message), el('p', {}, el('a', { href: '/' }, t('login'))));
      return;
    }
    const c = wall.campaign;
    // The title is the campaign's own (百日攻坚, 春季攻坚 …), then 挂图作战.
    const title = label(c.label) + ' · ' + t('wall_chart');
    document.title = title;
    document.getElementById('wall-title').textContent = title;
    document.getElementById('wall-countdown').replaceChildren(
      // After the end: the day it ended; the partition beside it is the final one.
      c.ended ? el('span', { id: 'wall-day', 'data-day': c.day, 'data-ended-on': c.ended_on }, t('ended_on_date', { date: c.ended_on })) :
        c.started ? el('span', { id: 'wall-day', 'data-day': c.day }, t('campaign_day', { day: c.day })) :
          el('span', { id: 'wall-day', 'data-day': 0 }, t('starts_in', { n: c.days_to_start })), ' ',
      el('span', { id: 'wall-days-left', 'data-days-left': c.days_left }, c.ended ? '' : t('days_left_n', { n: c.days_left })), ' ',
      el('span', { class: 'flag-count flag-count-red', title: t('flag_red') }, flagSvg(RED), el('span', { id: 'wall-red-flags' }, wall.flags.red)), ' ',
      el('span', { class: 'flag-count flag-count-black', title: t('flag_black') }, flagSvg(BLACK), el('span', { id: 'wall-black-flags' }, wall.flags.black)), ' ',
      // The campaign's status partition, as campaign status and the cockpit give it.
      el('span', { id: 'wall-partition', 'data-final': String(c.ended) }, c.ended ? t('final_partition') + ' ' : '', ['met', 'met_late', 'on_track', 'recovered', 'behind', 'blocked', 'left'].map((k) =>
        el('span', { class: 'part', 'data-part': k, 'data-count': String(c.counts[k] ?? 0) }, Luodi.partLabel(k) + ' ' + (c.counts[k] ?? 0) + ' '))));
    const cols = stageColumns(wall);
    const tableOf = (projects) => el('table', { class: 'wall-table' },
      el('thead', {}, el('tr', {}, el('th', {}, t('project')), el('th', {}, t('unit')), el('th', {}, t('stage')), el('th', {}, t('status')),
        cols.map((col) => el('th', { class: 'stage-col', 'data-stage': col.stage }, label(col.label))))),
      el('tbody', {}, projects.map((p) => {
        const by = new Map(p.milestones.map((m) => [m.stage, m]));
        return el('tr', { 'data-code': p.code, 'data-status': p.status, class: 'row-' + p.status },
          el('td', { class: 'name' }, el('span', { class: 'code' }, p.code), ' ', p.name), el('td', { class: 'unit' }, p.unit),
          el('td', { class: 'stage' }, label(p.stage_label)), el('td', {}, statusBadge(p.status)),
          cols.map((col) => (by.has(col.stage) ? milestoneCell(by.get(col.stage)) : el('td', { class: 'no-milestone' }))));
      })));
    // The server's clock, in Asia/Shanghai, written as the page's language writes it.
    const refreshed = document.getElementById('wall-refreshed');
    refreshed.dataset.now = wall.now;
    refreshed.textContent = t('refreshed') + ' ' + Luodi.formatTime(wall.now);
    // Measured once the header is complete, with the page's own fonts.
    await document.fonts.ready;
    fit(main, tableOf, wall.projects);
  }

  window.addEventListener('DOMContentLoaded', () => {
    refresh();
    setInterval(refresh, refreshSeconds * 1000);
    // A resized window (another screen) is fitted again.
    let resized = null;
    window.addEventListener('resize', () => {
      clearTimeout(resized);
      resized = setTimeout(refresh, 300);
    });
  });
})();
