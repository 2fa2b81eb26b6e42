// Shared by the dashboard and the wall: the bearer token, the language, and
// calls to the JSON API. Plain browser JavaScript: no build step.
'use strict';

const Luodi = (() => {
  const TOKEN_KEY = 'luodi.token';
  const LANG_KEY = 'luodi.lang';

  const words = {
    zh: {
      title: '重点项目落地督查', overview: '概览', lights: '红黄灯', blocked: '受阻项目', wall: '挂图作战',
      report: '报告', province: '全省', login: '登录', logout: '退出', token: '令牌', lang_switch: 'English',
      campaign_day: '第 {day} 天', campaign_of: '共 {days} 天', days_left: '剩余 {n} 天',
      starts_in: '{n} 天后开始', ended: '已结束', funnel: '推进阶段', light_counts: '亮灯情况',
      red: '红灯', yellow: '黄灯', green: '绿灯', overdue: '逾期项目', key_projects: '重点项目',
      start_ratio: '开工率', code: '编号', name: '项目名称', unit: '责任单位', leader: '联系领导',
      source_stage: '阶段时限', source_plan: '督查计划', source_campaign: '攻坚节点', source_instruction: '批示',
      stage: '阶段', due: '期限', days: '天数', light: '灯色', reason: '原因', since: '受阻日期',
      category: '类别', owner: '牵头部门', instructions: '批示', add_instruction: '添加批示',
      text: '批示内容', assignee: '承办人', save: '提交', all_leaders: '全部领导', filter_leader: '联系领导',
      timeline: '项目时间线', light_history: '亮灯记录', advance: '记录阶段推进', to_stage: '推进到', on_date: '日期',
      evidence_permit: '施工许可证号', read_only: '只读：您无权修改该项目', saved: '已保存',
      advance_not_allowed: '项目当前状态（{status}）下不能推进阶段',
      none: '无', signed_in_as: '当前用户', need_token: '请输入令牌登录', back: '返回',
      project: '项目', met: '已完成', on_track: '按计划', behind: '滞后', pending: '未到期',
      flag_red: '红旗', flag_black: '黑旗', refreshed: '更新于', wall_chart: '挂图作战',
      status_active: '推进中', status_blocked: '受阻', status_dropped: '已剔除', status_cancelled: '已取消',
      status_finished: '已投产', page_of: '第 {page}/{pages} 页', reached: '完成于',
      due_week: '本周到期', met_on_time: '按期完成', met_late_week: '逾期完成', remaining: '未完成节点',
      forecast_remaining: '预测未完成', forecast_met_week: '预计完成', burndown_chart: '攻坚燃尽图',
      by: '批示人', status: '状态', latest_instruction: '最新批示', progress: '进展',
      units_ranking: '责任单位红黑榜', rank: '名次', vs_schedule: '超(欠)序时进度', investment: '固定资产投资与序时进度',
      city: '全市', done: '完成', schedule: '序时', forecast: '攻坚预测', forecast_met: '预计按期完成',
      forecast_at_risk: '有风险', forecast_will_miss: '预计完不成', expected_start_ratio: '年末预计开工率',
      trend: '近 8 周亮灯趋势', week: '周末日期', blocked_by_category: '受阻项目（按类别，最久在前）',
      oldest_days: '最久（天）', projects: '项目数', burndown: '攻坚进度（按周）与预测', planned: '应完成节点', expected_pace: '按标准工期应完成',
      met_late: '逾期完成', recovered: '曾滞后已追回', left: '已退出', campaign_status: '攻坚进展（状态）',
      met_late_days: '逾期完成（{n} 天）', late_days: '已逾期 {n} 天',
      status_partition: '进度状态', final_partition: '最终进度状态', forecast_label: '预测',
      ended_on: '已于 {date} 结束', overdue_instructions: '逾期批示', instruction_overdue_days: '批示逾期 {n} 天',
    },
    en: {
      title: 'Key project supervision', overview: 'Overview', lights: 'Red & yellow', blocked: 'Blocked',
      wall: 'Wall chart', report: 'Report', province: 'Province', login: 'Sign in', logout: 'Sign out', token: 'Token',
      lang_switch: '中文', campaign_day: 'Day {day}', campaign_of: 'of {days}', days_left: '{n} days left',
      starts_in: 'starts in {n} days', ended: 'ended', funnel: 'Stage funnel', light_counts: 'Lights',
      red: 'Red', yellow: 'Yellow', green: 'Green', overdue: 'Overdue', key_projects: 'Key projects',
      start_ratio: 'Start ratio', code: 'Code', name: 'Name', unit: 'Unit', leader: 'Leader',
      source_stage: 'Stage limit', source_plan: 'Plan', source_campaign: 'Campaign milestone', source_instruction: 'Instruction',
      stage: 'Stage', due: 'Due', days: 'Days', light: 'Light', reason: 'Reason', since: 'Since',
      category: 'Category', owner: 'Owner', instructions: 'Instructions', add_instruction: 'Add instruction',
      text: 'Instruction', assignee: 'Assignee', save: 'Submit', all_leaders: 'All leaders',
      filter_leader: 'Leader', timeline: 'Timeline', light_history: 'Light history', advance: 'Record a transition', to_stage: 'To stage',
      on_date: 'Date', evidence_permit: 'Construction permit no.', read_only: 'Read-only: you may not change this project',
      advance_not_allowed: 'No transition can be recorded while the project is {status}',
      units_ranking: 'Units ranked', rank: 'Rank', vs_schedule: 'vs schedule (points)', investment: 'Investment against the pro-rata schedule',
      city: 'City', done: 'done', schedule: 'schedule', forecast: 'Forecast', forecast_met: 'Expected to meet',
      forecast_at_risk: 'At risk', forecast_will_miss: 'Expected to miss', expected_start_ratio: 'Start ratio expected by 31 Dec',
      trend: 'Lights over the last 8 weeks', week: 'Week ending', blocked_by_category: 'Blocked, by category, oldest first',
      oldest_days: 'Oldest (days)', projects: 'Projects', burndown: 'Campaign burn-down and forecast', planned: 'Milestones due', expected_pace: 'Expected at the standard pace',
      saved: 'Saved', none: 'None', signed_in_as: 'Signed in as', need_token: 'Enter your token to sign in',
      back: 'Back', project: 'Project', met: 'Met', on_track: 'On track', behind: 'Behind',
      pending: 'Pending', flag_red: 'Red flag', flag_black: 'Black flag', refreshed: 'Refreshed',
      wall_chart: 'wall chart', by: 'By', status: 'Status',
      status_active: 'active', status_blocked: 'blocked', status_dropped: 'dropped', status_cancelled: 'cancelled',
      status_finished: 'finished', page_of: 'page {page} of {pages}', reached: 'met on',
      due_week: 'Due this week', met_on_time: 'Met on time', met_late_week: 'Met late', remaining: 'Milestones left',
      forecast_remaining: 'Forecast left', forecast_met_week: 'Expected met', burndown_chart: 'Campaign burn-down',
      latest_instruction: 'Latest instruction', progress: 'Progress',
      met_late: 'Met late', recovered: 'Recovered', left: 'Left the list', campaign_status: 'Campaign status',
      met_late_days: 'met late ({n} days)', late_days: '{n} days late',
      status_partition: 'Status', final_partition: 'Final status', forecast_label: 'Forecast',
      ended_on: 'ended on {date}', overdue_instructions: 'Overdue instructions', instruction_overdue_days: 'instruction overdue by {n} days',
    },
  };

  const lang = () => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh');
  const t = (key, args = {}) =>
    (words[lang()][key] || key).replace(/\{(\w+)\}/g, (_, k) => (k in args ? args[k] : ''));
  const label = (l) => (l && typeof l === 'object' ? l[lang()] || l.zh : l);

  const token = () => localStorage.getItem(TOKEN_KEY) || '';
  const setToken = (v) => (v ? localStorage.setItem(TOKEN_KEY, v) : localStorage.removeItem(TOKEN_KEY));
  const toggleLang = () => localStorage.setItem(LANG_KEY, lang() === 'zh' ? 'en' : 'zh');
  // A time the server gave ("…+08:00") as the page's language writes it, in
  // Asia/Shanghai whatever the viewer's machine is set to.
  const formatTime = (iso) => new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'medium',
  }).format(new Date(iso));

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, options = {}) {
    const headers = { Accept: 'application/json' };
    if (token()) headers.Authorization = 'Bearer ' + token();
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method: options.method || 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = text;
    }
    if (!res.ok) throw new ApiError(res.status, (data && data.error && data.error.message) || res.statusText);
    return data;
  }

  // Builds an element: el('td', {class: 'num'}, 'text', child…). Text is never parsed as HTML;
  // `on…` attributes are listeners, never inline handlers.
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'style') e.style.cssText = v;  // through the CSSOM: the CSP allows no style attribute
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // Dates and codes ("2026-07-07", "LX-2026-001") kept on one line wherever
  // they stand in running text: a browser breaks after their hyphens, so on a
  // phone "2026-\n07-07". Each is wrapped in a span.nowrap; the text stays
  // the same, made of text nodes only.
  const WHOLE = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?|\b[A-Z]{1,8}-\d[\dA-Z-]*/g;
  function keepWhole(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest('option,textarea,script,style,.nowrap')) continue;
      if (n.data.search(WHOLE) >= 0) found.push(n);
    }
    for (const n of found) {
      const parts = [];
      let last = 0;
      WHOLE.lastIndex = 0;  // matchAll starts where the last match of WHOLE left it
      for (const m of n.data.matchAll(WHOLE)) {
        if (m.index > last) parts.push(document.createTextNode(n.data.slice(last, m.index)));
        parts.push(el('span', { class: 'nowrap' }, m[0]));
        last = m.index + m[0].length;
      }
      if (last < n.data.length) parts.push(document.createTextNode(n.data.slice(last)));
      n.replaceWith(...parts);
    }
    return root;
  }

  return { t, label, lang, token, setToken, toggleLang, formatTime, api, el, keepWhole, ApiError };
})();
