// The leaders' dashboard: overview, red and yellow list, blocked projects for
// review (with instructions), project detail (with its timeline and, for those
// allowed, a transition form), and for province users the cities side by side
// with each city's report. Hash routes: #/, #/lights, #/blocked,
// #/project/CODE, #/report, #/province[?city=ID[&name=NAME][&view=report]].
'use strict';

(() => {
  const { t, label, api, el } = Luodi;
  const main = () => document.getElementById('main');
  let me = null;
  let workflow = null;

  const lightBadge = (light) => el('span', { class: 'light light-' + light, 'data-light': light }, t(light) || light);
  const projectLink = (code) => el('a', { href: '#/project/' + encodeURIComponent(code), class: 'project-link' }, code);
  const canWrite = (project) => me && (me.role === 'supervisor' || (me.role === 'unit' && me.unit === project.unit));
  const categoryLabel = (id) => {
    const c = workflow && workflow.blocker_categories.find((x) => x.id === id);
    return c ? label(c.label) : id;
  };

  // A light's reason as the API words it, in the page's language (the
  // engine's catalogue; every call sends the page's Accept-Language).
  const reasonText = (reason) => reason || '';
  // How a deadline stands: ✓ only when met on time; met late stays late.
  const deadlineMark = (d) => {
    if (d.met) return d.late ? ' ' + t('met_late_days', { n: d.days_late }) : ' ✓';
    return d.late ? ' ' + t('late_days', { n: d.days_late }) : '';
  };
  // A campaign's status partition (CampaignCounts, as the API and the report give it).
  const partsOf = ['met', 'met_late', 'on_track', 'recovered', 'behind', 'blocked', 'left'];
  // A stage id as its label; lifecycle words (active, blocked …) as they are.
  const stageLabel = (id) => {
    const st = workflow && workflow.stages.find((x) => x.id === id);
    return st ? label(st.label) : id;
  };
  const canInstruct = () => me && (me.role === 'supervisor' || me.role === 'leader');
  // A move the lifecycle chart allows on the project now, as the API gives it
  // (allowed_moves, and advance_to: the stages an advance may go to); the forms
  // offered come from it, never from a list of our own.
  const allowedMove = (project, move) => (project.allowed_moves || []).includes(move);

  function table(columns, rows, attrs = {}) {
    return el('table', attrs,
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c)))),
      el('tbody', {}, rows));
  }

  // Investment against the schedule, the whole city then each unit that has
  // a target: a bar per row, the schedule's mark on it (from a city report).
  function investmentBars(report) {
    const h = report.headline;
    const invest = [{ name: t('whole_city'), done: h.domestic_completion_percent, due: h.pro_rata_percent, id: 'city' },
      ...report.sections.units_ranking.rows.filter((r) => r.domestic_completion_percent != null)
        .map((r) => ({ name: r.unit, done: r.domestic_completion_percent, due: r.pro_rata_percent, id: r.unit }))];
    return invest.filter((r) => r.done != null).map((r) => el('div', { class: 'bar-row invest-row', 'data-id': r.id },
      el('span', { class: 'bar-label' }, r.name),
      el('span', { class: 'track' },
        el('span', { class: 'bar' + (r.due != null && r.done < r.due ? ' bar-behind' : ''), style: 'width:' + Math.min(100, r.done) + '%' }),
        r.due != null ? el('span', { class: 'marker', style: 'left:' + Math.min(100, r.due) + '%', title: t('schedule') + ' ' + r.due + '%' }) : ''),
      el('span', { class: 'bar-value' }, r.done + '%' + (r.due != null ? ' / ' + r.due + '%' : ''))));
  }

  // The campaign's partition by unit and leader: the report's campaign rows
  // after the whole campaign's.
  function partsByUnit(parts) {
    return el('div', { class: 'scroll' }, table([t('unit') + ' / ' + t('leader'), ...partsOf.map((k) => Luodi.partLabel(k))],
      parts.map((r) => el('tr', { 'data-id': r.id }, el('td', {}, String(r.campaign).trim()),
        partsOf.map((k) => el('td', { class: 'num' }, r[k] ?? 0))))));
  }

  // The report's blocked rows by category, [category, {n, oldest}], the
  // longest blocked first. A blocker's rows only: an overdue instruction's
  // row follows its blocker's.
  function blockedByCategory(rows) {
    const byCategory = new Map();
    for (const r of rows.filter((x) => x.instruction_days_overdue == null)) {
      const c = byCategory.get(r.category) || { n: 0, oldest: 0 };
      c.n += 1;
      c.oldest = Math.max(c.oldest, r.days_blocked);
      byCategory.set(r.category, c);
    }
    return [...byCategory.entries()].sort((a, b) => b[1].oldest - a[1].oldest);
  }

  function showError(where, err) {
    where.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message || String(err)));
  }

  // Brackets and commas as the page's language writes them.
  const whose = (s) => (Luodi.lang() === 'en' ? ' (' + s + ')' : '（' + s + '）');
  const sep = () => (Luodi.lang() === 'en' ? ', ' : '，');

  function renderHeader() {
    const nav = document.getElementById('nav');
    nav.replaceChildren(
      me && me.role === 'province' ? el('a', { href: '#/province', id: 'nav-province' }, t('province')) : '',
      el('a', { href: '#/', id: 'nav-overview' }, t('overview')),
      el('a', { href: '#/lights', id: 'nav-lights' }, t('lights')),
      el('a', { href: '#/blocked', id: 'nav-blocked' }, t('blocked_projects')),
      el('a', { href: '#/report', id: 'nav-report' }, t('report')),
      el('a', { href: '/wall', id: 'nav-wall' }, t('wall')));
    document.getElementById('app-title').textContent = t('app_title');
    document.title = t('app_title');
    document.documentElement.lang = Luodi.lang() === 'en' ? 'en' : 'zh-CN';
    const user = document.getElementById('user');
    user.replaceChildren(
      me ? el('span', { id: 'me', 'data-role': me.role }, t('signed_in_as') + ': ' + me.name + whose(t('role_' + me.role) + (me.unit && me.unit !== me.name ? sep() + me.unit : ''))) : '',
      el('button', { id: 'lang-switch', type: 'button', onclick: async () => { await Luodi.toggleLang(); route(); } }, t('lang_switch')),
      me ? el('button', { id: 'logout', type: 'button', onclick: () => { Luodi.setToken(''); me = null; route(); } }, t('logout')) : '');
  }

  function renderLogin(message) {
    const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: t('token') });
    const form = el('form', { id: 'login-form', onsubmit: async (e) => {
      e.preventDefault();
      Luodi.setToken(input.value.trim());
      await route();
    } }, el('p', {}, message || t('need_token')), input, el('button', { type: 'submit', id: 'login' }, t('login')));
    main().replaceChildren(form);
  }

  async function overview(show) {
    const [wall, report] = await Promise.all([
      api('/api/wall').catch(() => null),
      api('/api/report?lang=' + Luodi.lang()),
    ]);
    const h = report.headline;
    const cards = [];
    if (wall) {
      const c = wall.campaign;
      cards.push(el('section', { class: 'card countdown', id: 'countdown' },
        el('h2', { id: 'campaign-label' }, label(c.label)),
        c.ended
          ? el('p', { class: 'big', id: 'campaign-day-text', 'data-ended-on': c.ended_on }, t('ended_on_date', { date: c.ended_on }))
          : c.started
          ? el('p', { class: 'big' },
              el('span', { id: 'campaign-day-text' }, t('campaign_day', { day: c.day })), ' ',
              el('span', { class: 'muted' }, t('campaign_of', { days: c.days })))
          : el('p', { class: 'big', id: 'campaign-day-text' }, t('starts_in', { n: c.days_to_start })),
        el('p', {}, el('span', { id: 'campaign-days-left', 'data-days-left': c.days_left }, c.ended ? '' : t('days_left_n', { n: c.days_left })),
          el('span', { id: 'campaign-day', hidden: true }, String(c.day)))));
    }
    const lights = report.sections.lights.rows;
    const count = (id) => (lights.find((r) => r.id === id) || { projects: 0 }).projects;
    cards.push(el('section', { class: 'card', id: 'light-counts' }, el('h2', {}, t('light_counts')),
      el('p', {},
        el('a', { href: '#/lights', class: 'light light-red' }, t('red') + ' ', el('span', { id: 'count-red' }, count('red'))), ' ',
        el('a', { href: '#/lights', class: 'light light-yellow' }, t('yellow') + ' ', el('span', { id: 'count-yellow' }, count('yellow'))), ' ',
        el('span', { class: 'light light-green' }, t('green') + ' ', el('span', { id: 'count-green' }, count('green')))),
      el('p', {}, t('overdue_projects') + ': ', el('strong', { id: 'count-overdue' }, h.overdue)),
      el('p', {}, t('key_projects') + ': ', el('strong', { id: 'count-key' }, h.key_projects), ' · ',
        t('start_ratio') + ': ', el('strong', { id: 'start-ratio' }, h.start_ratio_percent + '%'))));
    const funnel = report.sections.funnel.rows;
    const max = Math.max(1, ...funnel.map((r) => r.reached));
    cards.push(el('section', { class: 'card', id: 'funnel' }, el('h2', {}, t('funnel')),
      funnel.map((r) => el('div', { class: 'bar-row', 'data-stage': r.id },
        el('span', { class: 'bar-label' }, r.stage),
        el('span', { class: 'bar', style: 'width:' + Math.round(240 * r.reached / max) + 'px' }),
        el('span', { class: 'bar-value' }, r.reached)))));
    cards.push(...await cockpit(report));
    show(el('div', { class: 'cards' }, cards));
  }

  // The leaders' cockpit: lights over 8 weeks, the 红黑榜, investment against
  // the pro-rata schedule, the campaign's forecast and the blocked list by
  // category. Every number links to the list behind it.
  async function cockpit(report) {
    const s = report.sections;
    const h = report.headline;
    const cards = [];
    const asOf = new Date(report.as_of + 'T00:00:00Z');
    const weeks = [...Array(8).keys()].reverse().map((i) => new Date(asOf.getTime() - i * 7 * 86400000).toISOString().slice(0, 10));
    const stats = await Promise.all(weeks.map((d) => api('/api/stats?as_of=' + d).catch(() => null)));
    const lightOf = (st, c) => (st && st.lights ? st.lights[c] ?? 0 : 0);
    const most = Math.max(1, ...stats.map((st) => lightOf(st, 'red') + lightOf(st, 'yellow')));
    cards.push(el('section', { class: 'card', id: 'trend' }, el('h2', {}, t('trend')),
      el('div', { class: 'scroll' }, table([t('week_col'), t('red'), t('yellow'), ''], weeks.map((d, i) => el('tr', { 'data-week': d },
        el('td', {}, d),
        el('td', { class: 'num trend-red' }, el('a', { href: '#/lights' }, String(lightOf(stats[i], 'red')))),
        el('td', { class: 'num trend-yellow' }, el('a', { href: '#/lights' }, String(lightOf(stats[i], 'yellow')))),
        el('td', {}, el('span', { class: 'bar bar-red', style: 'width:' + Math.round(120 * lightOf(stats[i], 'red') / most) + 'px' }),
          el('span', { class: 'bar bar-yellow', style: 'width:' + Math.round(120 * lightOf(stats[i], 'yellow') / most) + 'px' }))))))));
    if (s.units_ranking) {
      cards.push(el('section', { class: 'card', id: 'units-ranking' }, el('h2', {}, t('units_ranking')),
        el('div', { class: 'scroll' }, table([t('rank'), t('unit'), t('start_ratio'), t('vs_schedule'), t('red'), t('light')],
          s.units_ranking.rows.map((r) => el('tr', { 'data-unit': r.unit },
            el('td', { class: 'num' }, r.rank), el('td', {}, r.unit), el('td', { class: 'num' }, r.start_ratio_percent + '%'),
            el('td', { class: 'num' }, r.domestic_vs_pro_rata_points ?? '—'),
            el('td', { class: 'num' }, el('a', { href: '#/lights?unit=' + encodeURIComponent(r.unit), class: 'unit-red' }, String(r.red))),
            el('td', { title: reasonText(r.light_reason) }, r.light || '—')))))));
      cards.push(el('section', { class: 'card', id: 'investment' }, el('h2', {}, t('investment')),
        investmentBars(report)));
    }
    if (s.campaign && s.campaign.rows.length) {
      // The campaign card: the status partition first (as campaign status
      // has it), the forecast beside it, each labelled; after the end, the
      // day it ended and the final partition. Then by unit and by leader.
      const [whole, ...parts] = s.campaign.rows;
      const status = await api('/api/campaigns/' + encodeURIComponent(whole.id));
      const f = status.forecast;
      const total = (id) => (s.forecast ? (s.forecast.rows.find((r) => r.id === id) || {}).outlook ?? 0 : 0);
      cards.push(el('section', { class: 'card', id: 'campaign-status', 'data-ended': String(status.ended) },
        el('h2', {}, t('campaign_status')),
        status.ended ? el('p', { id: 'campaign-ended', 'data-ended-on': status.ended_on }, t('ended_on_date', { date: status.ended_on })) : '',
        el('div', { class: 'sides' },
          el('div', { class: 'side', id: 'campaign-partition-side' },
            el('h3', { id: 'campaign-partition-label' }, t(status.ended ? 'final_partition' : 'status_partition')),
            el('p', { id: 'campaign-partition' }, partsOf.map((k) => el('span', { class: 'part', 'data-part': k, 'data-count': String(status[k] ?? 0) }, Luodi.partLabel(k) + ' ' + (status[k] ?? 0) + ' ')))),
          el('div', { class: 'side', id: 'forecast' },
            el('h3', { id: 'forecast-label' }, t('forecast_label')),
            el('p', {},
              el('a', { href: '#/report', class: 'light light-green', 'data-outlook': 'met' }, t('forecast_met') + ' ', el('span', { id: 'forecast-met' }, f.met)), ' ',
              el('a', { href: '#/report', class: 'light light-yellow', 'data-outlook': 'at_risk' }, t('forecast_risk') + ' ', el('span', { id: 'forecast-at-risk' }, f.at_risk)), ' ',
              el('a', { href: '#/report', class: 'light light-red', 'data-outlook': 'will_miss' }, t('forecast_will_miss') + ' ', el('span', { id: 'forecast-will-miss' }, f.will_miss))),
            el('p', {}, t('expected_start_ratio') + ': ', el('strong', { id: 'expected-start-ratio' }, total('expected_start_ratio_percent') + '%')))),
        partsByUnit(parts)));
      cards.push(await burndown(whole.id, status));
    }
    cards.push(el('section', { class: 'card', id: 'blocked-by-category' }, el('h2', {}, t('blocked_by_category')),
      table([t('category'), t('projects'), t('oldest_days')], blockedByCategory(s.blocked.rows)
        .map(([c, v]) => el('tr', { 'data-category': c }, el('td', {}, c),
          el('td', { class: 'num' }, el('a', { href: '#/blocked' }, String(v.n))), el('td', { class: 'num' }, v.oldest))))));
    return cards;
  }

  // The campaign's weekly burn-down: each week the milestones due, and those
  // met in it (on time, or late: met after their date); the milestones left
  // (all less those met by then) up to today, and after it as the forecast
  // expects them met. Cumulative columns as the API's burndown gives them.
  // (Backwards scheduling puts most milestones on the end date: the
  // cumulative "due" is flat until the last week, so the chart draws what
  // is left and what each week did, not that line.)
  async function burndown(id, status) {
    const plan = await api('/api/campaigns/' + encodeURIComponent(id) + '/plan');
    const expected = new Map(status.forecast.projects.map((p) => [p.code, new Map(p.next.map((n) => [n.stage, n.expected]))]));
    const milestones = plan.projects.flatMap((p) => p.milestones.map((m) => ({ ...m,
      forecast: m.reached_on ? null : (expected.get(p.code) || new Map()).get(m.stage) || null })));
    const total = milestones.length;
    const inWeek = (d, from, to) => d !== null && d !== undefined && d > from && d <= to;
    let from = '';
    let forecastMet = 0;
    const past = status.burndown.filter((b) => b.met !== null);
    const metNow = past.length ? past[past.length - 1].met : 0;
    const weeks = status.burndown.map((b) => {
      const w = { ...b, from };
      w.due = milestones.filter((m) => inWeek(m.due, from, b.date)).length;
      w.onTime = milestones.filter((m) => inWeek(m.reached_on, from, b.date) && m.reached_on <= m.due).length;
      w.late = milestones.filter((m) => inWeek(m.reached_on, from, b.date) && m.reached_on > m.due).length;
      if (b.met === null) {
        w.forecastMet = milestones.filter((m) => inWeek(m.forecast, from, b.date) || (from === past[past.length - 1]?.date && m.forecast && m.forecast <= from)).length;
        forecastMet += w.forecastMet;
        w.forecast = metNow + forecastMet;
        w.left = null;
        w.forecastLeft = total - w.forecast;
      } else {
        w.left = total - b.met;
      }
      from = b.date;
      return w;
    });
    const chart = burndownChart(weeks, total);
    return el('section', { class: 'card', id: 'burndown', 'data-total': String(total) }, el('h2', {}, t('burndown')), chart,
      el('div', { class: 'scroll' }, table([t('week_col'), t('due_week'), t('met_on_time'), t('met_late_week'), t('met'), t('remaining'),
        t('forecast'), t('forecast_remaining'), t('expected_pace'), t('planned')], weeks.map((w) =>
        el('tr', { 'data-week': w.date, class: w.met === null ? 'ahead' : '' },
          el('td', { class: 'date' }, w.date), el('td', { class: 'num burndown-due' }, w.due),
          el('td', { class: 'num burndown-on-time' }, w.met === null ? '' : w.onTime),
          el('td', { class: 'num burndown-late' + (w.late ? ' late' : '') }, w.met === null ? '' : w.late),
          el('td', { class: 'num burndown-met' }, w.met ?? ''), el('td', { class: 'num burndown-left' }, w.left ?? ''),
          el('td', { class: 'num burndown-forecast' }, w.forecast ?? ''), el('td', { class: 'num burndown-forecast-left' }, w.forecastLeft ?? ''),
          el('td', { class: 'num burndown-expected' }, w.expected), el('td', { class: 'num burndown-planned' }, w.planned))))));
  }

  // The burn-down as a chart: bars a week (due; met on time and met late,
  // stacked), lines of what is left (met up to today, then the forecast,
  // dashed) and of what the standard pace would leave (grey).
  function burndownChart(weeks, total) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = (tag, attrs, ...kids) => {
      const e = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      e.append(...kids);
      return e;
    };
    const W = 640, H = 240, L = 36, R = 8, T = 10, B = 56;
    const most = Math.max(1, total, ...weeks.map((w) => Math.max(w.due, w.onTime + w.late, w.forecastMet || 0)));
    const step = (W - L - R) / Math.max(1, weeks.length);
    const x = (i) => L + step * i + step / 2;
    const y = (n) => T + (H - T - B) * (1 - n / most);
    const parts = [];
    parts.push(svg('line', { x1: L, y1: y(0), x2: W - R, y2: y(0), stroke: '#999' }));
    for (const n of [0, Math.round(most / 2), most])
      parts.push(svg('text', { x: L - 4, y: y(n) + 4, 'text-anchor': 'end', class: 'axis' }, String(n)));
    const bw = Math.max(3, step * 0.35);
    weeks.forEach((w, i) => {
      parts.push(svg('rect', { x: x(i) - bw, y: y(w.due), width: bw, height: y(0) - y(w.due), fill: '#bbbbbb', class: 'bd-due' }));
      if (w.met !== null) {
        parts.push(svg('rect', { x: x(i), y: y(w.onTime), width: bw, height: y(0) - y(w.onTime), fill: '#2e9e4f', class: 'bd-on-time' }));
        parts.push(svg('rect', { x: x(i), y: y(w.onTime + w.late), width: bw, height: y(w.onTime) - y(w.onTime + w.late), fill: '#e8b100', class: 'bd-late' }));
      } else {
        parts.push(svg('rect', { x: x(i), y: y(w.forecastMet), width: bw, height: y(0) - y(w.forecastMet), fill: '#9cc0e6', class: 'bd-forecast' }));
      }
      if (i % Math.ceil(weeks.length / 8) === 0 || i === weeks.length - 1)
        parts.push(svg('text', { x: x(i), y: H - B + 16, 'text-anchor': 'middle', class: 'axis' }, w.date.slice(5)));
    });
    const line = (pts, attrs) => pts.length && parts.push(svg('polyline', { fill: 'none', 'stroke-width': 2, points: pts.map(([i, n]) => x(i) + ',' + y(n)).join(' '), ...attrs }));
    const actual = weeks.flatMap((w, i) => (w.left === null ? [] : [[i, w.left]]));
    const last = actual[actual.length - 1];
    line(actual, { stroke: '#2f6fb0', class: 'bd-left' });
    line([...(last ? [last] : []), ...weeks.flatMap((w, i) => (w.forecastLeft == null ? [] : [[i, w.forecastLeft]]))],
      { stroke: '#2f6fb0', 'stroke-dasharray': '5 4', class: 'bd-forecast-left' });
    line(weeks.map((w, i) => [i, total - w.expected]), { stroke: '#888', 'stroke-dasharray': '2 3', class: 'bd-pace' });
    const legend = [['#bbbbbb', t('due_week')], ['#2e9e4f', t('met_on_time')], ['#e8b100', t('met_late_week')],
      ['#9cc0e6', t('forecast_met_week')], ['#2f6fb0', t('remaining')], ['#888', t('expected_pace')]];
    legend.forEach(([c, text], i) => {
      const lx = L + (i % 3) * 200, ly = H - 22 + Math.floor(i / 3) * 16;
      parts.push(svg('rect', { x: lx, y: ly - 9, width: 10, height: 10, fill: c }), svg('text', { x: lx + 14, y: ly, class: 'legend' }, text));
    });
    return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'burndown-chart', role: 'img', 'aria-label': t('burndown_chart') },
      svg('title', {}, t('burndown_chart')), ...parts);
  }

  function projectRows(projects) {
    return projects.map((p) => el('tr', { 'data-code': p.code },
      el('td', {}, projectLink(p.code)), el('td', {}, p.name), el('td', {}, p.unit), el('td', {}, p.leader),
      el('td', {}, label(p.stage_label)), el('td', {}, dueText(p)), el('td', { class: 'num' }, p.days_left ?? ''),
      el('td', {}, lightBadge(p.light)), el('td', { class: 'reason' }, reasonText(p.light_reason))));
  }

  async function lights(params, show) {
    const unit = params.get('unit');
    const query = unit ? '&unit=' + encodeURIComponent(unit) : '';
    const [red, yellow] = await Promise.all([api('/api/projects?light=red' + query), api('/api/projects?light=yellow' + query)]);
    const cols = [t('code'), t('name'), t('unit'), t('leader'), t('stage'), t('due_date'), t('day_count'), t('light'), t('reason')];
    show(
      el('h2', {}, t('red'), ' ', el('span', { id: 'red-total' }, red.length)),
      table(cols, projectRows(red), { id: 'red-list' }),
      el('h2', {}, t('yellow'), ' ', el('span', { id: 'yellow-total' }, yellow.length)),
      table(cols, projectRows(yellow), { id: 'yellow-list' }));
  }

  // --- the forms of the work ---------------------------------------------
  // Each form sends one write of the command table (the CLI's commands, at
  // their routes). A field's error shows beside it: checked here first
  // (required, a date as yyyy-mm-dd, a number), then by the server, whose
  // message (in the page's language: Accept-Language, ?lang=) goes beside the
  // field it names, else beside the button. Dates are text fields written
  // yyyy-mm-dd: a date picker would show the browser's own mm/dd/yyyy.
  const dateInput = (name, value) => el('input', {
    name, type: 'text', inputmode: 'numeric', class: 'date-input', maxlength: 10, autocomplete: 'off',
    placeholder: t('date_placeholder'), value: value || undefined,
  });
  const textInput = (name, value, attrs = {}) => el('input', { name, type: 'text', autocomplete: 'off', value: value ?? undefined, ...attrs });
  const numberInput = (name, value) => el('input', { name, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number-input', value: value ?? undefined });
  const selectInput = (name, options, selected) => el('select', { name },
    options.map(([value, text]) => el('option', { value, selected: value === selected }, text)));

  // f: { name, label, input, required, kind: 'date'|'number'|'text' }.
  function workForm(attrs, title, fields, submitLabel, send, done, more = []) {
    const status = el('span', { class: 'form-status', role: 'status' });
    const row = (f) => {
      f.error = el('span', { class: 'field-error error', 'data-error-for': f.name, role: 'alert' });
      return el('label', { class: 'field', 'data-field': f.name }, el('span', { class: 'field-label' }, f.label), f.input, f.error);
    };
    const form = el('form', { ...attrs, class: 'work-form' + (attrs.class ? ' ' + attrs.class : ''), novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      for (const f of fields) f.error.textContent = '';
      status.textContent = '';
      status.className = 'form-status';
      const values = {};
      let bad = false;
      for (const f of fields) {
        const v = f.input.value.trim();
        let why = '';
        if (f.required && !v) why = t('required');
        else if (v && f.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) why = t('bad_date');
        else if (v && f.kind === 'number' && !Number.isFinite(Number(v))) why = t('bad_number');
        if (why) {
          f.error.textContent = why;
          bad = true;
        }
        values[f.name] = v;
      }
      if (bad) return;
      const button = e.submitter;
      if (button) button.disabled = true;
      try {
        await send(values, button);
        status.textContent = t('saved');
        await done();
      } catch (err) {
        if (button) button.disabled = false;
        // The field the error is about: the API's error.field, else one its
        // message names by its label.
        const named = fields.find((f) => f.name === err.field) || fields.find((f) => f.label && err.message.includes(f.label));
        (named ? named.error : status).textContent = err.message;
        if (!named) status.className = 'form-status error';
      }
    } },
    title ? el('h4', {}, title) : '',
    el('div', { class: 'fields' }, fields.map(row)),
    el('div', { class: 'buttons' }, el('button', { type: 'submit', name: 'submit', value: 'submit' }, submitLabel), more, status));
    return form;
  }
  const projectPath = (p) => '/api/projects/' + encodeURIComponent(p.code);
  // The body of a write: the values given, empty ones left out.
  const given = (values, names) => Object.fromEntries(names.filter((n) => values[n]).map((n) => [n, values[n]]));
  const isSupervisor = () => me && me.role === 'supervisor';
  const canClose = (project) => canWrite(project) || canInstruct();

  // An instruction's state, as the standing gives it (state): open, due
  // soon, overdue, done on time, done late; each with its own mark.
  const stateMarks = { open: '○', due_soon: '◔', overdue: '‼', done_on_time: '✓', done_late: '✗' };
  const stateOf = (i) => i.state || (i.done_on ? (i.late ? 'done_late' : 'done_on_time') : i.late ? 'overdue' : 'open');
  const stateBadge = (i) => {
    const st = stateOf(i);
    return el('span', { class: 'instruction-state state-' + st, 'data-state': st },
      el('span', { class: 'state-mark', 'aria-hidden': 'true' }, stateMarks[st] || ''), ' ', t('instruction_state_' + st));
  };
  // A leader's own instructions first, then the others, each in order given.
  const mineFirst = (instructions) => [...instructions].sort((a, b) =>
    Number(b.by === (me && me.name)) - Number(a.by === (me && me.name)));

  function instructionList(project, instructions, done) {
    if (!instructions.length) return el('p', { class: 'muted' }, t('instructions') + ': ' + t('none'));
    // An open one past its due date is marked 批示逾期 N 天 (the standing's days late).
    return el('ul', { class: 'instructions' }, mineFirst(instructions).map((i) => el('li', {
      'data-instruction': i.id, 'data-late': String(!!i.late), 'data-state': stateOf(i), 'data-mine': String(!!me && i.by === me.name),
    },
    stateBadge(i), ' ', el('strong', {}, i.by), ' ', i.on, ': ', el('span', { class: 'instruction-text' }, i.text),
    i.assignee ? ' → ' + i.assignee : '', i.due ? ' (' + t('due_date') + ' ' + i.due + ')' : '',
    i.late && !i.done_on ? el('span', { class: 'instruction-overdue', 'data-days-overdue': i.days_late }, ' ' + t('instruction_overdue_days', { n: i.days_late })) : '',
    i.done_on ? el('span', { class: 'instruction-done' }, ' · ' + t('done_on', { date: i.done_on }), i.note ? ' · ' + i.note : '') : '',
    !i.done_on && canClose(project) && allowedMove(project, 'instruction_done') ? closeForm(project, i, done) : '')));
  }

  // Closing an instruction on its assignee's report (luodi instruct --done).
  function closeForm(project, instruction, done) {
    const fields = [
      { name: 'note', label: t('done_report'), input: textInput('note'), required: true },
      { name: 'on', label: t('on_date'), input: dateInput('on'), kind: 'date' },
    ];
    return workForm({ class: 'close-form', 'data-instruction': instruction.id }, '', fields, t('close_instruction'),
      (v) => api(projectPath(project) + '/instructions/' + instruction.id + '/done', { method: 'POST', body: given(v, ['note', 'on']) }), done);
  }

  function instructionForm(project, blocker, done) {
    const fields = [
      { name: 'text', label: t('text'), input: el('textarea', { name: 'text', rows: 2, placeholder: t('text') }), required: true },
      { name: 'assignee', label: t('assignee'), input: textInput('assignee', blocker.owner || '') },
      { name: 'due', label: t('due_date'), input: dateInput('due'), kind: 'date' },
    ];
    return workForm({ class: 'instruction-form', 'data-blocker': blocker.id }, '', fields, t('add_instruction'),
      (v) => api(projectPath(project) + '/blockers/' + blocker.id + '/instructions', { method: 'POST', body: given(v, ['text', 'assignee', 'due']) }), done);
  }

  // Resolving a blocker (luodi unblock): supervisors.
  function unblockForm(project, blocker, done) {
    const fields = [
      { name: 'note', label: t('unblock_note'), input: textInput('note') },
      { name: 'on', label: t('on_date'), input: dateInput('on'), kind: 'date' },
    ];
    return workForm({ class: 'unblock-form', 'data-blocker': blocker.id }, '', fields, t('unblock'),
      (v) => api(projectPath(project) + '/blockers/' + blocker.id + '/resolve', { method: 'POST', body: given(v, ['note', 'on']) }), done);
  }

  const daysBlocked = (n) => el('span', { class: 'days-blocked', 'data-days-blocked': n }, t('days_blocked_n', { n }));

  function blockerCards(project, done) {
    return project.blockers.map((b) => el('div', { class: 'blocker', 'data-blocker': b.id },
      el('p', {}, el('strong', {}, t('category') + ': '), categoryLabel(b.category), ' · ', t('reason') + ': ', b.reason,
        ' · ', t('owner') + ': ', b.owner || '—', ' · ', t('since') + ': ', b.since,
        b.days_blocked != null ? [' · ', daysBlocked(b.days_blocked)] : ''),
      instructionList(project, b.instructions, done),
      canInstruct() && allowedMove(project, 'instruct') ? instructionForm(project, b, done) : '',
      isSupervisor() && allowedMove(project, 'unblock') ? unblockForm(project, b, done) : ''));
  }

  // Recording a blocker (luodi block): supervisors.
  function blockForm(project, done) {
    const categories = (workflow.blocker_categories || []).map((c) => [c.id, label(c.label)]);
    const fields = [
      { name: 'category', label: t('category'), input: selectInput('category', categories), required: true },
      { name: 'reason', label: t('reason'), input: textInput('reason'), required: true },
      { name: 'owner', label: t('owner'), input: textInput('owner') },
      { name: 'on', label: t('on_date'), input: dateInput('on'), kind: 'date' },
    ];
    return workForm({ id: 'block-form' }, t('block_form'), fields, t('block_submit'),
      (v) => api(projectPath(project) + '/blockers', { method: 'POST', body: given(v, ['category', 'reason', 'owner', 'on']) }), done);
  }

  // A supervisor's plan (luodi plan): a date to reach the next stage (or a
  // stage named), and a button to clear it.
  function planForm(project, done) {
    const at = workflow.stages.findIndex((x) => x.id === project.stage);
    const later = workflow.stages.slice(at + 1).map((x) => [x.id, label(x.label)]);
    const fields = [
      { name: 'due', label: t('plan_due'), input: dateInput('due'), kind: 'date', required: true },
      { name: 'stage', label: t('plan_stage'), input: selectInput('stage', [['', t('plan_next_stage')], ...later]) },
      { name: 'note', label: t('note'), input: textInput('note') },
    ];
    const current = project.plan
      ? el('p', { id: 'plan-current', 'data-due': project.plan.due, 'data-stage': project.plan.stage },
        t('plan_current', { date: project.plan.due, stage: stageLabel(project.plan.stage) }))
      : el('p', { id: 'plan-current', class: 'muted' }, t('plan_none'));
    const clear = project.plan ? el('button', { type: 'submit', name: 'clear', value: 'clear', id: 'plan-clear', formnovalidate: true }, t('plan_clear')) : '';
    const form = workForm({ id: 'plan-form' }, t('plan_form'), fields, t('plan_set'), (v, button) => {
      const body = button && button.value === 'clear' ? { clear: true } : given(v, ['due', 'stage', 'note']);
      return api(projectPath(project) + '/plan', { method: 'POST', body });
    }, done, [clear]);
    // Clearing needs no date: the form's own check is for setting one.
    if (clear) clear.addEventListener('click', () => { fields[0].required = false; });
    form.querySelector('button[value=submit]').addEventListener('click', () => { fields[0].required = true; });
    return el('section', { id: 'plan' }, current, form);
  }

  // The project's records (luodi update): one dated change of the fields
  // changed. A unit changes its own project's records, never its unit or leader.
  function updateForm(project, done) {
    const amounts = ['land_secured_mu', 'land_need_mu', 'fixed_asset_wan', 'investment_wan', 'plan_wan', 'foreign_usd_wan'];
    const texts = [...(isSupervisor() ? ['leader'] : []), 'contact_phone', 'origin'];
    const industries = [['', '—'], ...['primary', 'secondary', 'tertiary'].map((x) => [x, t('industry_' + x)])];
    const fields = [
      ...amounts.map((n) => ({ name: n, label: t('field_' + n), input: numberInput(n, project[n]), kind: 'number' })),
      ...texts.map((n) => ({ name: n, label: t('field_' + n), input: textInput(n, project[n]) })),
      { name: 'industry', label: t('field_industry'), input: selectInput('industry', industries, project.industry || '') },
      { name: 'on', label: t('on_date'), input: dateInput('on'), kind: 'date' },
      { name: 'note', label: t('note'), input: textInput('note') },
    ];
    const was = (n) => (project[n] == null ? '' : String(project[n]));
    return workForm({ id: 'update-form' }, t('update_form'), fields, t('update_submit'), async (v) => {
      const body = {};
      for (const n of amounts) if (v[n] !== was(n)) body[n] = v[n] === '' ? null : Number(v[n]);
      for (const n of [...texts, 'industry']) if (v[n] !== was(n)) body[n] = v[n] === '' ? null : v[n];
      if (!Object.keys(body).length) throw new Error(t('update_nothing'));
      Object.assign(body, given(v, ['on', 'note']));
      return api(projectPath(project), { method: 'PATCH', body });
    }, done);
  }

  async function blocked(params, show) {
    const report = await api('/api/report?lang=' + Luodi.lang());
    const leaders = report.sections.leaders.rows.map((r) => r.id);
    let leader = params.get('leader');
    if (leader === null && me.role === 'leader' && leaders.includes(me.name)) leader = me.name;
    const select = el('select', { id: 'leader-filter', onchange: () => {
      location.hash = '#/blocked?leader=' + encodeURIComponent(select.value);
    } }, el('option', { value: '' }, t('all_leaders')),
    leaders.map((l) => el('option', { value: l, selected: l === leader }, l)));
    const query = leader ? '&leader=' + encodeURIComponent(leader) : '';
    const projects = await api('/api/projects?status=blocked' + query);
    const reload = () => blocked(new URLSearchParams(leader ? { leader } : {}), show);
    // The open instructions past their due date first, most overdue first:
    // each with its project, assignee, due date and days overdue.
    const overdue = projects.flatMap((p) => p.blockers.flatMap((b) => b.instructions
      .filter((i) => i.late && !i.done_on).map((i) => ({ p, i }))))
      .sort((a, b) => b.i.days_late - a.i.days_late);
    // A leader's own instructions first: listed above the projects, the
    // projects that carry them first, and first under each blocker.
    const own = (p) => me.role === 'leader' && p.blockers.some((b) => b.instructions.some((i) => i.by === me.name));
    const byMineFirst = (list) => [...list].sort((a, b) => Number(own(b)) - Number(own(a)));
    const mine = me.role !== 'leader' ? [] : projects.flatMap((p) => p.blockers.flatMap((b) => b.instructions
      .filter((i) => i.by === me.name).map((i) => ({ p, i }))));
    show(
      el('h2', {}, t('blocked_projects'), ' ', el('span', { id: 'blocked-total' }, projects.length)),
      el('label', {}, t('filter_leader') + ' ', select),
      overdue.length ? el('section', { id: 'overdue-instructions' },
        el('h3', {}, t('overdue_instructions'), ' ', el('span', { id: 'overdue-instructions-total' }, overdue.length)),
        table([t('code'), t('name'), t('leader'), t('instructions'), t('assignee'), t('due_date'), t('day_count')],
          overdue.map(({ p, i }) => el('tr', { 'data-code': p.code, 'data-instruction': i.id, 'data-days-overdue': i.days_late },
            el('td', {}, projectLink(p.code)), el('td', {}, p.name), el('td', {}, p.leader), el('td', { class: 'wrap' }, i.text),
            el('td', {}, i.assignee), el('td', {}, i.due),
            el('td', { class: 'num instruction-overdue' }, t('instruction_overdue_days', { n: i.days_late })))))) : '',
      mine.length ? el('section', { id: 'my-instructions' },
        el('h3', {}, t('my_instructions'), ' ', el('span', { id: 'my-instructions-total' }, mine.length)),
        el('ul', { class: 'instructions' }, mine.map(({ p, i }) => el('li', { 'data-code': p.code, 'data-instruction': i.id, 'data-state': stateOf(i) },
          stateBadge(i), ' ', projectLink(p.code), ' ', p.name, ': ', el('span', { class: 'instruction-text' }, i.text),
          i.due ? ' (' + t('due_date') + ' ' + i.due + ')' : '')))) : '',
      el('div', { id: 'blocked-list' }, byMineFirst(projects).map((p) => el('article', { class: 'card project', 'data-code': p.code },
        el('h3', {}, projectLink(p.code), ' ', p.name, ' ', lightBadge(p.light),
          p.blockers.some((b) => b.days_blocked != null) ? [' ', daysBlocked(Math.max(...p.blockers.map((b) => b.days_blocked ?? 0)))] : ''),
        el('p', {}, t('unit') + ': ' + p.unit + ' · ' + t('leader') + ': ' + p.leader + ' · ' + t('stage') + ': ' + label(p.stage_label)),
        blockerCards(p, reload)))));
  }

  // The advance form, with the stages the chart allows from here and the
  // evidence the chosen stage asks for; none while the project cannot
  // advance (blocked, dropped, cancelled, finished).
  function advanceForm(project, done) {
    const advance = allowedMove(project, 'advance');
    if (!advance) return el('p', { id: 'advance-not-allowed', class: 'muted' }, t('advance_not_allowed', { status: t('status_' + project.status) }));
    const to = selectInput('to', (project.advance_to || []).map((id) => [id, stageLabel(id)]));
    const evidenceOf = (id) => ((workflow.stages.find((x) => x.id === id) || {}).evidence || []).map((x) => x.id);
    // Every evidence field of the stages it may go to; those of the stage chosen are required.
    const kinds = [...new Set((project.advance_to || []).flatMap((id) => workflow.stages.find((x) => x.id === id)?.evidence || []).map((x) => x.id))];
    const evidenceLabel = (id) => {
      for (const st of workflow.stages) for (const x of st.evidence || []) if (x.id === id) return label(x.label);
      return id;
    };
    const evidence = kinds.map((id) => ({ name: id, label: evidenceLabel(id), input: textInput(id, '', { placeholder: id === 'permit' ? t('evidence_permit') : undefined }), evidence: true }));
    const fields = [{ name: 'to', label: t('to_stage'), input: to },
      { name: 'on', label: t('on_date'), input: dateInput('on'), kind: 'date' }, ...evidence,
      { name: 'note', label: t('note'), input: textInput('note') }];
    const needs = () => {
      for (const f of evidence) {
        f.required = evidenceOf(to.value).includes(f.name);
        f.input.closest('label')?.classList.toggle('needed', f.required);
      }
    };
    to.addEventListener('change', needs);
    const form = workForm({ id: 'advance-form' }, t('advance'), fields, t('save'), (v) => {
      const body = given(v, ['to', 'on', 'note']);
      const ev = Object.fromEntries(evidence.filter((f) => v[f.name]).map((f) => [f.name, v[f.name]]));
      if (Object.keys(ev).length) body.evidence = ev;
      return api(projectPath(project) + '/advance', { method: 'POST', body });
    }, done);
    needs();
    return form;
  }

  // A due date, with "?" when it is provisional (a year without a holiday table).
  function dueText(p) { return p.due ? p.due + (p.provisional ? '?' : '') : ''; }

  async function project(code, show) {
    const [p, history, lightHistory] = await Promise.all([
      api('/api/projects/' + encodeURIComponent(code)),
      api('/api/projects/' + encodeURIComponent(code) + '/history'),
      api('/api/projects/' + encodeURIComponent(code) + '/lights'),
    ]);
    const reload = () => project(code, show);
    show(el('article', { id: 'project', 'data-code': p.code },
      el('h2', {}, p.code, ' ', p.name, ' ', lightBadge(p.light)),
      el('p', {}, t('unit') + ': ' + p.unit + ' · ' + t('leader') + ': ' + p.leader + ' · ' + t('stage') + ': ',
        el('span', { id: 'project-stage', 'data-stage': p.stage }, label(p.stage_label)), ' · ' + t('status') + ': ',
        el('span', { id: 'project-status', 'data-status': p.status }, t('status_' + p.status))),
      el('p', {}, t('due_date') + ': ' + (dueText(p) || '—') + (p.days_left !== null ? ' (' + p.days_left + ')' : '') + ' ' + reasonText(p.light_reason)),
      el('ul', { id: 'deadlines' }, p.deadlines.map((d) => el('li', { 'data-source': d.source, 'data-met': String(d.met), 'data-late': String(d.late) },
        d.date + (d.provisional ? '?' : '') + ' · ' + t('source_' + d.source) + (d.stage ? ' · ' + stageLabel(d.stage) : '') +
        (d.assignee ? ' → ' + d.assignee : '') + deadlineMark(d)))),
      p.blockers.length ? el('section', {}, el('h3', {}, t('blocked_projects')), blockerCards(p, reload)) : '',
      canWrite(p) ? advanceForm(p, reload) : el('p', { id: 'read-only', class: 'muted' }, t('read_only')),
      isSupervisor() && allowedMove(p, 'block') ? blockForm(p, reload) : '',
      isSupervisor() && allowedMove(p, 'plan') ? planForm(p, reload) : '',
      canWrite(p) && allowedMove(p, 'update') ? updateForm(p, reload) : '',
      el('h3', {}, t('light_history')),
      el('ol', { id: 'light-history' }, lightHistory.map((c) => el('li', { 'data-light': c.light, 'data-on': c.on },
        el('time', {}, c.on), ' ', lightBadge(c.light), c.reason ? ' ' + reasonText(c.reason) : ''))),
      el('h3', {}, t('timeline')),
      el('ol', { id: 'timeline' }, history.map((e) => el('li', { 'data-kind': e.kind },
        // The event in words, as the API gives it in the page's language
        // (amounts, old → new); its note when the words do not hold it.
        el('time', {}, e.on), ' ', el('span', { class: 'event-summary' }, e.summary),
        e.by ? ' · ' + e.by : '', e.note && !(e.summary || '').includes(e.note) ? ' · ' + e.note : '')))));
  }

  // A report as the server renders it (HTML), in a sandboxed frame: no
  // script runs there and it cannot reach this page (or its token), whatever
  // a project's name holds. Its one <style> block is allowed by the CSP.
  async function reportFrame(url, id) {
    const res = await fetch(url, { headers: { Authorization: 'Bearer ' + Luodi.token() } });
    if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message || res.statusText);
    const frame = el('iframe', { id, class: 'report-frame', title: t('report'), sandbox: '' });
    frame.srcdoc = await res.text();
    return frame;
  }

  // #/report?as_of=DATE: the report on that day (a digest links to its own).
  async function report(params, show) {
    const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get('as_of') || '') ? '&as_of=' + params.get('as_of') : '';
    show(await reportFrame('/api/report?format=html&lang=' + Luodi.lang() + asOf, 'report-frame'));
  }

  // The province's roll-up (the report's "cities" and "campaign" tables):
  // the cities ranked as the 红黑榜 (by start ratio, then fewer red, as the
  // report ranks them; its first marked 红榜 and its last 黑榜), the
  // province's total last. A figure a city has not (no targets of its own)
  // is "—". A city's name opens its overview, read-only.
  const figure = (v) => (v === null || v === undefined ? '—' : String(v));
  async function province(params, show) {
    const city = params.get('city');
    if (city) return cityOverview(city, params.get('name') || city, params.get('view') === 'report', show);
    const rollup = await api('/api/province/report?lang=' + Luodi.lang());
    const { cities, campaign } = rollup.sections;
    const ranked = cities.rows.filter((r) => r.id !== 'total').sort((a, b) => a.rank - b.rank);
    const total = cities.rows.find((r) => r.id === 'total');
    const figures = cities.columns.filter((c) => !['city', 'rank', 'board'].includes(c.id));
    const boardOf = (row) => (row.board == null ? '' : row.rank === 1 ? 'red' : 'black');
    const cityLink = (row) => el('a', { href: '#/province?city=' + encodeURIComponent(row.id) + '&name=' + encodeURIComponent(row.city), class: 'city-link' }, row.city);
    const cityCell = (row) => el('td', {}, row.id === 'total' ? el('strong', {}, row.city) : cityLink(row),
      boardOf(row) ? [' ', el('span', { class: 'board board-' + boardOf(row), 'data-board': boardOf(row) }, row.board)] : '');
    const cityRow = (row) => el('tr', { 'data-city': row.id, 'data-rank': row.rank ?? '', 'data-board': boardOf(row) },
      el('td', { class: 'num' }, row.rank ?? ''), cityCell(row),
      figures.map((c) => el('td', { class: 'num', 'data-figure': c.id }, figure(row[c.id]))));
    const partsRow = (row) => el('tr', { 'data-city': row.id },
      el('td', {}, row.city), el('td', {}, row.campaign ?? '—'),
      campaign.columns.slice(2).map((c) => el('td', { class: 'num', 'data-part': c.id }, figure(row[c.id]))));
    const byId = new Map(campaign.rows.map((r) => [r.id, r]));
    show(el('h2', {}, rollup.title),
      el('section', { id: 'province-cities' }, el('h3', {}, cities.title),
        el('div', { class: 'scroll' }, table([t('rank'), cities.columns.find((c) => c.id === 'city').label, ...figures.map((c) => c.label)],
          [...ranked, total].map(cityRow), { id: 'province-table' }))),
      el('section', { id: 'province-campaign' }, el('h3', {}, campaign.title),
        el('div', { class: 'scroll' }, table(campaign.columns.map((c) => c.label),
          [...ranked, total].map((r) => byId.get(r.id)).filter(Boolean).map(partsRow), { id: 'province-campaign-table' }))),
      el('ul', { class: 'muted', id: 'province-notes' }, rollup.notes.map((n) => el('li', {}, n))));
  }

  // A city's overview for the province, from that city's own report: its
  // lights, start ratio, funnel, units ranked, investment against its
  // schedule, its campaign's partition and its blocked projects by category.
  // Read-only: no form, and no link into the reader's own city's views; its
  // full report opens in a frame (view=report).
  async function cityOverview(id, name, full, show) {
    const query = '/api/province/report?city=' + encodeURIComponent(id) + '&lang=' + Luodi.lang();
    const here = '#/province?city=' + encodeURIComponent(id) + '&name=' + encodeURIComponent(name);
    const back = el('p', {}, el('a', { href: '#/province', id: 'back-to-province' }, '← ' + t('province')),
      full ? [' · ', el('a', { href: here, id: 'city-overview-link' }, name)] : '');
    if (full) return show(back, await reportFrame(query + '&format=html', 'city-report-frame'));
    const report = await api(query);
    const h = report.headline;
    const s = report.sections;
    const count = (c) => (s.lights.rows.find((r) => r.id === c) || { projects: 0 }).projects;
    const cards = [];
    cards.push(el('section', { class: 'card', id: 'city-light-counts' }, el('h2', {}, t('light_counts')),
      el('p', {}, ['red', 'yellow', 'green'].flatMap((c) => [el('span', { class: 'light light-' + c }, t(c) + ' ', el('span', { id: 'city-count-' + c }, count(c))), ' '])),
      el('p', {}, t('overdue_projects') + ': ', el('strong', { id: 'city-count-overdue' }, h.overdue), ' · ',
        t('blocked_projects') + ': ', el('strong', { id: 'city-count-blocked' }, h.blocked)),
      el('p', {}, t('key_projects') + ': ', el('strong', { id: 'city-count-key' }, h.key_projects), ' · ',
        t('start_ratio') + ': ', el('strong', { id: 'city-start-ratio' }, h.start_ratio_percent + '%')),
      el('p', {}, t('land_need_mu') + ': ', el('strong', { id: 'city-land-need' }, figure(h.land_need_mu)), ' · ',
        t('land_shortfall_mu') + ': ', el('strong', { id: 'city-land-shortfall' }, figure(h.land_shortfall_mu)))));
    const max = Math.max(1, ...s.funnel.rows.map((r) => r.reached));
    cards.push(el('section', { class: 'card', id: 'city-funnel' }, el('h2', {}, t('funnel')),
      s.funnel.rows.map((r) => el('div', { class: 'bar-row', 'data-stage': r.id },
        el('span', { class: 'bar-label' }, r.stage),
        el('span', { class: 'bar', style: 'width:' + Math.round(240 * r.reached / max) + 'px' }),
        el('span', { class: 'bar-value' }, r.reached)))));
    cards.push(el('section', { class: 'card', id: 'city-units-ranking' }, el('h2', {}, t('units_ranking')),
      el('div', { class: 'scroll' }, table([t('rank'), t('unit'), t('start_ratio'), t('vs_schedule'), t('red'), t('light')],
        s.units_ranking.rows.map((r) => el('tr', { 'data-unit': r.unit },
          el('td', { class: 'num' }, r.rank), el('td', {}, r.unit), el('td', { class: 'num' }, figure(r.start_ratio_percent) + '%'),
          el('td', { class: 'num' }, figure(r.domestic_vs_pro_rata_points)), el('td', { class: 'num' }, r.red),
          el('td', { title: r.light_reason || '' }, r.light || '—')))))));
    cards.push(el('section', { class: 'card', id: 'city-investment' }, el('h2', {}, t('investment')),
      el('p', {}, t('fixed_asset_ytd_wan') + ': ', el('strong', { id: 'city-fixed-asset' }, figure(h.fixed_asset_ytd_wan)), ' / ',
        t('domestic_target_wan') + ': ', el('strong', { id: 'city-target' }, figure(h.domestic_target_wan))),
      investmentBars(report)));
    if (s.campaign && s.campaign.rows.length) {
      const [whole, ...parts] = s.campaign.rows;
      cards.push(el('section', { class: 'card', id: 'city-campaign', 'data-campaign': whole.id },
        el('h2', {}, whole.campaign),
        el('p', { id: 'city-campaign-partition' }, partsOf.map((k) => el('span', { class: 'part', 'data-part': k, 'data-count': String(whole[k] ?? 0) }, Luodi.partLabel(k) + ' ' + (whole[k] ?? 0) + ' '))),
        partsByUnit(parts)));
    }
    cards.push(el('section', { class: 'card', id: 'city-blocked-by-category' }, el('h2', {}, t('blocked_by_category')),
      table([t('category'), t('projects'), t('oldest_days')], blockedByCategory(s.blocked.rows)
        .map(([c, v]) => el('tr', { 'data-category': c }, el('td', {}, c), el('td', { class: 'num' }, v.n), el('td', { class: 'num' }, v.oldest))))));
    show(back, el('article', { id: 'city-overview', 'data-city': id },
      el('h2', {}, name, ' ', el('span', { class: 'muted' }, report.as_of)),
      el('p', { id: 'city-read-only', class: 'muted' }, t('city_read_only')),
      el('div', { class: 'cards' }, cards),
      el('p', {}, el('a', { href: here + '&view=report', id: 'city-report-link' }, t('city_full_report')))));
  }

  // Each route renders only while it is the latest: the answers of a view
  // left behind (the server answers reads in parallel, so they may come
  // later) must not replace the view the user went on to.
  let generation = 0;

  async function route() {
    const mine = ++generation;
    const show = (...nodes) => {
      if (mine !== generation) return;
      main().replaceChildren(...nodes);
      Luodi.keepWhole(main());  // no date or code broken across lines (phones)
    };
    try {
      await Luodi.ready();  // the page's words, from the catalogue
    } catch (err) {
      return showError(main(), err);
    }
    if (mine !== generation) return;
    renderHeader();
    if (!Luodi.token()) return renderLogin();
    try {
      if (!me) me = await api('/api/me');
      if (!workflow) workflow = await api('/api/workflow');
    } catch (err) {
      me = null;
      if (err.status === 401) {
        Luodi.setToken('');
        return renderLogin(err.message);
      }
      return showError(main(), err);
    }
    renderHeader();
    const [path, query] = (location.hash.replace(/^#/, '') || '/').split('?');
    const params = new URLSearchParams(query || '');
    try {
      if (path === '/lights') await lights(params, show);
      else if (path === '/blocked') await blocked(params, show);
      else if (path.startsWith('/project/')) await project(decodeURIComponent(path.slice('/project/'.length)), show);
      else if (path === '/report') await report(params, show);
      else if (path === '/province' || (path === '/' && me.role === 'province')) await province(params, show);
      else await overview(show);
    } catch (err) {
      if (mine === generation) showError(main(), err);
    }
  }

  window.addEventListener('hashchange', route);
  window.addEventListener('DOMContentLoaded', route);
})();
