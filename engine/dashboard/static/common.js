// Shared by the dashboard and the wall: the bearer token, the language, and
// calls to the JSON API. Plain browser JavaScript: no build step.
'use strict';

const Luodi = (() => {
  const TOKEN_KEY = 'luodi.token';
  const LANG_KEY = 'luodi.lang';

  // The page's words, from the engine's one catalogue (GET /api/catalogue):
  // loaded once per language before the first render (Luodi.ready).
  const catalogues = {};
  async function loadWords(l) {
    if (catalogues[l]) return catalogues[l];
    const res = await fetch('/api/catalogue?lang=' + l, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error('catalogue: ' + res.status);
    catalogues[l] = (await res.json()).words;
    return catalogues[l];
  }

  const lang = () => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh');
  const ready = () => loadWords(lang());
  const t = (key, args = {}) =>
    ((catalogues[lang()] || {})[key] || key).replace(/\{(\w+)\}/g, (_, k) => (k in args ? args[k] : ''));
  // A campaign's status part (met, blocked …) as the partition names it.
  const partLabel = (k) => t(k === 'blocked' ? 'blocked_projects' : k);
  const label = (l) => (l && typeof l === 'object' ? l[lang()] || l.zh : l);

  const token = () => localStorage.getItem(TOKEN_KEY) || '';
  const setToken = (v) => (v ? localStorage.setItem(TOKEN_KEY, v) : localStorage.removeItem(TOKEN_KEY));
  const toggleLang = async () => {
    localStorage.setItem(LANG_KEY, lang() === 'zh' ? 'en' : 'zh');
    await ready();
  };
  // A time the server gave ("…+08:00") as the page's language writes it, in
  // Asia/Shanghai whatever the viewer's machine is set to.
  const formatTime = (iso) => new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'medium',
  }).format(new Date(iso));

  // An API error: its HTTP status, and the error's code, message (in the
  // page's language) and the field it is about, when it names one.
  class ApiError extends Error {
    constructor(status, message, code, field) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field;
    }
  }

  async function api(path, options = {}) {
    // Errors come back in the page's language (the API's message follows
    // Accept-Language and ?lang=).
    const headers = { Accept: 'application/json', 'Accept-Language': lang() };
    if (token()) headers.Authorization = 'Bearer ' + token();
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const method = options.method || 'GET';
    if (method !== 'GET') path += (path.includes('?') ? '&' : '?') + 'lang=' + lang();
    const res = await fetch(path, {
      method,
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
    if (!res.ok) {
      const error = (data && data.error) || {};
      throw new ApiError(res.status, error.message || res.statusText, error.code, error.field);
    }
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

  return { t, ready, partLabel, label, lang, token, setToken, toggleLang, formatTime, api, el, keepWhole, ApiError };
})();
