// The office's big-screen wall chart (挂图作战): the campaign countdown and one
// row per campaign project along its milestones — a red flag where a milestone
// was met, a black flag where it was missed. Read-only; refreshes itself
// (every 60 s, or ?refresh=SECONDS). ?city=ID: that city's chart, on a server
// of several cities (default: the first city, or the token's).
'use strict';

(() => {
  const { t, label, api, el } = Luodi;
  const params = new URLSearchParams(location.search);
  const refreshSeconds = Math.max(5, Number(params.get('refresh')) || 60);
  const city = params.get('city');
  const wallData = '/api/wall' + (city ? '?city=' + encodeURIComponent(city) : '');

  const flagSvg = (color) => {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '22');
    svg.setAttribute('height', '22');
    svg.setAttribute('viewBox', '0 0 22 22');
    const pole = document.createElementNS(ns, 'rect');
    pole.setAttribute('x', '3'); pole.setAttribute('y', '2'); pole.setAttribute('width', '2'); pole.setAttribute('height', '18');
    pole.setAttribute('fill', '#555');
    const cloth = document.createElementNS(ns, 'path');
    cloth.setAttribute('d', 'M5 3 L19 7 L5 12 Z');
    cloth.setAttribute('fill', color);
    svg.append(pole, cloth);
    return svg;
  };

  function milestoneCell(m) {
    const title = label(m.label) + ' ' + t('due') + ' ' + m.due + (m.reached_on ? ' ✓ ' + m.reached_on : '');
    if (m.flag === 'red') return el('td', { class: 'flag flag-red', 'data-flag': 'red', title }, flagSvg('#d0312d'), ' ', label(m.label));
    if (m.flag === 'black') return el('td', { class: 'flag flag-black', 'data-flag': 'black', title }, flagSvg('#111'), ' ', label(m.label));
    return el('td', { class: 'flag flag-pending', 'data-flag': 'pending', title }, label(m.label), ' ', el('span', { class: 'muted' }, m.due));
  }

  async function refresh() {
    document.title = t('wall_title');
    document.documentElement.lang = Luodi.lang() === 'en' ? 'en' : 'zh-CN';
    document.getElementById('wall-title').textContent = t('wall_title');
    const main = document.getElementById('wall-main');
    let wall;
    try {
      wall = await api(wallData);
    } catch (err) {
      main.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.status === 401
        ? t('need_token') : err.message), el('p', {}, el('a', { href: '/' }, t('login'))));
      return;
    }
    const c = wall.campaign;
    document.getElementById('wall-countdown').replaceChildren(
      el('span', { id: 'wall-campaign' }, label(c.label)), ' ',
      // After the end: the day it ended; the partition beside it is the final one.
      c.ended ? el('span', { id: 'wall-day', 'data-day': c.day, 'data-ended-on': c.ended_on }, t('ended_on', { date: c.ended_on })) :
        c.started ? el('span', { id: 'wall-day', 'data-day': c.day }, t('campaign_day', { day: c.day })) :
          el('span', { id: 'wall-day', 'data-day': 0 }, t('starts_in', { n: c.days_to_start })), ' ',
      el('span', { id: 'wall-days-left', 'data-days-left': c.days_left }, c.ended ? '' : t('days_left', { n: c.days_left })), ' ',
      el('span', { class: 'flag-count' }, flagSvg('#d0312d'), el('span', { id: 'wall-red-flags' }, wall.flags.red)), ' ',
      el('span', { class: 'flag-count' }, flagSvg('#111'), el('span', { id: 'wall-black-flags' }, wall.flags.black)), ' ',
      // The campaign's status partition, as campaign status and the cockpit give it.
      el('span', { id: 'wall-partition', 'data-final': String(c.ended) }, c.ended ? t('final_partition') + ' ' : '', ['met', 'met_late', 'on_track', 'recovered', 'behind', 'blocked', 'left'].map((k) =>
        el('span', { class: 'part', 'data-part': k, 'data-count': String(c.counts[k] ?? 0) }, t(k) + ' ' + (c.counts[k] ?? 0) + ' '))));
    const width = Math.max(0, ...wall.projects.map((p) => p.milestones.length));
    main.replaceChildren(el('table', { id: 'wall-table' },
      el('thead', {}, el('tr', {}, el('th', {}, t('project')), el('th', {}, t('unit')), el('th', {}, t('stage')),
        Array.from({ length: width }, (_, i) => el('th', {}, '#' + (i + 1))))),
      el('tbody', {}, wall.projects.map((p) => el('tr', { 'data-code': p.code },
        el('td', {}, p.code + ' ' + p.name), el('td', {}, p.unit), el('td', {}, label(p.stage_label)),
        p.milestones.map(milestoneCell))))));
    // The server's clock, in Asia/Shanghai, written as the page's language writes it.
    const refreshed = document.getElementById('wall-refreshed');
    refreshed.dataset.now = wall.now;
    refreshed.textContent = t('refreshed') + ' ' + Luodi.formatTime(wall.now);
  }

  window.addEventListener('DOMContentLoaded', () => {
    refresh();
    setInterval(refresh, refreshSeconds * 1000);
  });
})();
