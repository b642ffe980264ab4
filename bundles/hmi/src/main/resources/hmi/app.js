// Plantwire HMI. Every value from the server goes into the page as text (textContent), never as markup.
'use strict';

const $ = (id) => document.getElementById(id);
const tags = new Map();        // path -> {value, quality, sourceTime, unit, writable, min, max, roleToWrite}
const rows = new Map();        // path -> <tr> of the tags table
let stream = null;
let trend = { tag: null, plot: null, data: [[], []] };
let alarmRefresh = null;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function api(method, path, body) {
  const opts = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
  const r = await fetch(path, opts);
  let json = null;
  try { json = await r.json(); } catch (e) { /* no body */ }
  if (r.status === 401 && path !== '/api/session') { showLogin('Your session ended; please log in again.'); }
  return { status: r.status, json };
}

function fmtValue(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return v === null || v === undefined || v === '' ? '—' : String(v);
}
function fmtTime(iso) { return iso ? new Date(iso).toLocaleTimeString() : '—'; }
function qualityClass(q) { return q === 'good' ? 'q-good' : (q && q.startsWith('bad') ? 'q-bad' : 'q-uncertain'); }

// ---------------------------------------------------------------- login
function showLogin(message) {
  if (stream) { stream.close(); stream = null; }
  document.querySelectorAll('.page').forEach(p => p.hidden = true);
  $('nav').hidden = true; $('logout').hidden = true; $('who').textContent = '';
  $('login').hidden = false;
  $('login-error').textContent = message || '';
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await api('POST', '/api/session', { user: $('user').value, password: $('password').value });
  if (r.status === 200) { $('password').value = ''; start(r.json); }
  else { $('login-error').textContent = (r.json && r.json.error) || ('login failed (' + r.status + ')'); }
});

$('logout').addEventListener('click', async () => { await api('DELETE', '/api/session'); showLogin('Logged out.'); });

// ---------------------------------------------------------------- pages
function show(page) {
  document.querySelectorAll('.page').forEach(p => p.hidden = p.id !== 'page-' + page);
  document.querySelectorAll('.tab').forEach(t => t.classList.toggle('active', t.dataset.page === page));
  if (page === 'alarms') loadAlarms();
  if (page === 'trend' && trend.tag) loadTrend();
}
document.querySelectorAll('.tab').forEach(t => t.addEventListener('click', () => show(t.dataset.page)));

async function start(who) {
  $('login').hidden = true; $('nav').hidden = false; $('logout').hidden = false;
  $('who').textContent = who.user + ' (' + who.role + ')';
  const r = await api('GET', '/api/tags?pattern=%23');
  if (r.status !== 200) return;
  $('tags').replaceChildren(); rows.clear(); tags.clear(); groups.clear();
  for (const t of [...r.json].sort((a, b) => a.path < b.path ? -1 : 1)) { tags.set(t.path, t); addRow(t); }
  renderLine();
  openStream();
  loadAlarms();
  show('line');
}

// ---------------------------------------------------------------- live values
function openStream() {
  if (stream) stream.close();
  stream = new EventSource('/api/stream?pattern=%23');
  stream.addEventListener('tag', (ev) => {
    const e = JSON.parse(ev.data);
    const t = Object.assign(tags.get(e.path) || { path: e.path }, e);
    const known = tags.has(e.path);
    tags.set(e.path, t);
    if (known) updateRow(t); else addRow(t);
    if (e.path.includes('/mes/') || e.path.endsWith('/state')) renderLine();
    if (e.path === trend.tag) appendTrend(e);
    if (e.path.includes('/alarm/')) { clearTimeout(alarmRefresh); alarmRefresh = setTimeout(loadAlarms, 200); }
  });
  stream.onerror = () => { /* the browser reconnects by itself; a 401 shows up on the next API call */ };
}

// the tags as the plant's tree: a collapsible header row per level of the path (ISA-95: enterprise, site, area,
// line, work cell, then the machine's own groups), each tag under its deepest level. Rows are kept in path order
// with a level sorting as "<prefix>/", so everything under a level follows its header.
const LEVELS = ['enterprise', 'site', 'area', 'line', 'work cell'];
const groups = new Map();      // path prefix -> header <tr>
function parentOf(path) { const i = path.lastIndexOf('/'); return i < 0 ? '' : path.substring(0, i); }
function depthOf(path) { return path.split('/').length - 1; }
function sortKey(tr) { return tr.dataset.group !== undefined ? tr.dataset.group + '/' : tr.dataset.path; }
function insertSorted(tr) {
  const key = sortKey(tr);
  const last = $('tags').lastElementChild;
  if (!last || sortKey(last) < key) { $('tags').append(tr); return; }   // the tags arrive sorted at start
  const next = [...$('tags').children].find(r => sortKey(r) > key);
  if (next) $('tags').insertBefore(tr, next); else $('tags').append(tr);
}
function group(prefix) {
  let header = groups.get(prefix);
  if (header) return header;
  if (parentOf(prefix)) group(parentOf(prefix));
  const depth = depthOf(prefix);
  header = el('tr', null, 'group');
  header.dataset.group = prefix;
  header.hidden = $('filter').value.trim() !== '';   // shown by a matching tag under it
  const cell = el('td');
  cell.colSpan = 6;
  cell.title = prefix;
  cell.style.paddingLeft = (0.6 + depth * 1.1) + 'rem';
  const arrow = el('span', '▾ ');
  cell.append(arrow, el('span', prefix.substring(prefix.lastIndexOf('/') + 1)), el('span', ' ' + (LEVELS[depth] || ''), 'muted level'));
  header.append(cell);
  header.addEventListener('click', () => {
    arrow.textContent = header.classList.toggle('closed') ? '▸ ' : '▾ ';
    refreshVisibility();
  });
  groups.set(prefix, header);
  insertSorted(header);
  return header;
}
function closedAbove(path) {
  for (let p = parentOf(path); p; p = parentOf(p)) {
    const h = groups.get(p);
    if (h && h.classList.contains('closed')) return true;
  }
  return false;
}

function addRow(t) {
  const tr = el('tr');
  tr.dataset.path = t.path;
  const name = el('td', t.path.substring(t.path.lastIndexOf('/') + 1), 'path leaf');
  name.title = t.path;
  tr.append(name, el('td', '', 'num value'), el('td', t.unit || ''), el('td', ''), el('td', ''));
  const actions = el('td');
  const trendBtn = el('button', 'Trend');
  trendBtn.addEventListener('click', () => { trend.tag = t.path; show('trend'); });
  actions.append(trendBtn);
  if (t.writable) {
    const w = el('button', 'Write');
    w.addEventListener('click', () => openWrite(t.path));
    actions.append(' ', w);
  }
  tr.append(actions);
  rows.set(t.path, tr);
  name.style.paddingLeft = (0.6 + (depthOf(t.path) + 0.5) * 1.1) + 'rem';
  group(parentOf(t.path));
  insertSorted(tr);
  updateRow(t);
  applyFilter(tr);
}

function updateRow(t) {
  const tr = rows.get(t.path);
  if (!tr) return;
  const c = tr.children;
  const text = fmtValue(t.value);
  const changed = c[1].textContent !== text;
  c[1].textContent = text;
  c[3].textContent = t.quality || '—'; c[3].className = qualityClass(t.quality);
  c[4].textContent = fmtTime(t.sourceTime);
  if (changed) { tr.classList.add('flash'); setTimeout(() => tr.classList.remove('flash'), 300); }
}

$('filter').addEventListener('input', refreshVisibility);
// a tag shows when it matches the filter and no level above it is closed; a level shows when a matching tag is under it
function applyFilter(tr) {
  const f = $('filter').value.trim().toLowerCase();
  const path = tr.dataset.path;
  const match = f === '' || path.toLowerCase().includes(f);
  tr.hidden = !match || closedAbove(path);
  if (match) {
    for (let p = parentOf(path); p; p = parentOf(p)) groups.get(p).hidden = closedAbove(p);
  }
}
function refreshVisibility() {
  const filtering = $('filter').value.trim() !== '';
  groups.forEach(h => { h.hidden = filtering || closedAbove(h.dataset.group); });
  rows.forEach(applyFilter);
}

// ---------------------------------------------------------------- writes
let writeTag = null;
function openWrite(path) {
  writeTag = path;
  const t = tags.get(path) || {};
  $('write').hidden = false;
  $('write-tag').textContent = path;
  $('write-value').value = t.value === undefined || t.value === null ? '' : t.value;
  $('write-limits').textContent = (t.min !== undefined && t.min !== null ? 'min ' + t.min + ' ' : '')
      + (t.max !== undefined && t.max !== null ? 'max ' + t.max + ' ' : '') + (t.roleToWrite ? '(' + t.roleToWrite + ' role)' : '');
  $('write-result').textContent = '';
  $('write-value').focus();
}
$('write-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const raw = $('write-value').value.trim();
  const value = raw !== '' && !isNaN(Number(raw)) ? Number(raw) : (raw === 'true' ? true : raw === 'false' ? false : raw);
  $('write-result').textContent = 'writing…'; $('write-result').className = 'muted';
  const r = await api('PUT', '/api/tags/' + writeTag, { value });
  if (r.status === 200) {
    $('write-result').textContent = r.json.result + ': ' + fmtValue(r.json.value) + ' (was ' + fmtValue(r.json.oldValue) + ') — ' + r.json.message;
    $('write-result').className = r.json.result === 'confirmed' ? 'ok' : 'q-uncertain';
  } else {
    $('write-result').textContent = 'refused: ' + ((r.json && (r.json.message || r.json.error)) || r.status);
    $('write-result').className = 'error';
  }
});

// ---------------------------------------------------------------- trend
async function loadTrend() {
  const range = Number($('trend-range').value);
  const to = Date.now();
  $('trend-tag').textContent = trend.tag;
  const r = await api('GET', '/api/history?tag=' + encodeURIComponent(trend.tag) + '&from=' + (to - range) + '&to=' + to + '&limit=20000');
  if (r.status !== 200) { $('trend-info').textContent = (r.json && r.json.error) || String(r.status); return; }
  const xs = [], ys = [];
  for (const p of r.json.points) {
    if (typeof p[1] === 'number' || typeof p[1] === 'boolean') { xs.push(p[0] / 1000); ys.push(Number(p[1])); }
  }
  trend.data = [xs, ys];
  $('trend-info').textContent = xs.length + ' points from the historian, live after that';
  drawTrend();
}
function drawTrend() {
  const width = Math.max(300, $('chart').clientWidth - 20);
  const opts = { width, height: 360, scales: { x: { time: true } },
    series: [{}, { label: trend.tag, stroke: '#1b6ec2', width: 1.5, points: { show: false } }], legend: { live: true } };
  if (trend.plot) trend.plot.destroy();
  $('chart').replaceChildren();
  trend.plot = new uPlot(opts, trend.data, $('chart'));
}
function appendTrend(e) {
  if (!trend.plot || typeof e.value !== 'number') return;
  trend.data[0].push(Date.parse(e.sourceTime) / 1000);
  trend.data[1].push(e.value);
  trend.plot.setData(trend.data);
}
$('trend-range').addEventListener('change', loadTrend);

// ---------------------------------------------------------------- alarms
async function loadAlarms() {
  const r = await api('GET', '/api/alarms');
  if (r.status !== 200) return;
  const body = $('alarms');
  body.replaceChildren();
  let waiting = 0;
  for (const a of r.json) {
    if (a.state !== 'normal' && !a.shelved) waiting++;
    const tr = el('tr', null, 'state-' + a.state);
    tr.dataset.alarm = a.id;
    tr.append(el('td', a.priority, 'prio-' + a.priority), el('td', a.state), el('td', fmtTime(a.activeSince)));
    const name = el('td', null, 'path');
    name.append(el('div', a.message), el('div', a.id, 'muted'));
    tr.append(name, el('td', fmtValue(a.value), 'num'),
      el('td', a.ackedBy ? a.ackedBy + (a.ackComment ? ': ' + a.ackComment : '') : '—'),
      el('td', a.shelved ? 'until ' + fmtTime(a.shelvedUntil) + ' (' + a.shelveReason + ')' : (a.suppressed ? 'suppressed' : '—')));
    const actions = el('td');
    if (a.state === 'active-unacknowledged' || a.state === 'returned-unacknowledged') {
      const comment = el('input'); comment.placeholder = 'comment'; comment.className = 'ack-comment';
      const ack = el('button', 'Acknowledge', 'ack');
      ack.addEventListener('click', () => alarmAction(a.id, 'ack', { comment: comment.value }));
      actions.append(comment, ' ', ack);
    }
    if (a.shelved) {
      const un = el('button', 'Unshelve');
      un.addEventListener('click', () => alarmAction(a.id, 'unshelve'));
      actions.append(' ', un);
    } else {
      const reason = el('input'); reason.placeholder = 'reason'; reason.className = 'shelve-reason';
      const sh = el('button', 'Shelve 30 min');
      sh.addEventListener('click', () => alarmAction(a.id, 'shelve', { minutes: 30, reason: reason.value }));
      actions.append(' ', reason, ' ', sh);
    }
    tr.append(actions);
    body.append(tr);
  }
  $('alarm-count').textContent = waiting; $('alarm-count').hidden = waiting === 0;
}
async function alarmAction(id, action, body) {
  const r = await api('POST', '/api/alarms/' + id + '/' + action, body === undefined ? {} : body);
  $('alarm-result').textContent = r.status === 200 ? action + ': ' + id + ' is ' + r.json.state
      : 'refused: ' + ((r.json && r.json.error) || r.status);
  $('alarm-result').className = r.status === 200 ? 'ok' : 'error';
  loadAlarms();
}

// ---------------------------------------------------------------- line overview
const PERCENT = ['oee', 'availability', 'performance', 'quality'];
// the simulated line's (and the plant file's documented) machine states
const MACHINE_STATES = { 0: 'stopped', 1: 'idle', 2: 'running', 3: 'fault' };
function renderLine() {
  const cards = $('line-cards');
  cards.replaceChildren();
  const shown = [...tags.values()].filter(t => t.path.includes('/mes/') && t.value !== null && typeof t.value !== 'object'
      && !t.path.endsWith('/event'));
  const states = [...tags.values()].filter(t => /\/(filler|capper)\/state$/.test(t.path));
  for (const t of states.concat(shown)) {
    const c = el('div', null, 'card');
    const name = t.path.split('/').slice(-2).join(' ');
    const isState = /\/state$/.test(t.path) && typeof t.value === 'number';
    const big = isState ? (MACHINE_STATES[t.value] || String(t.value))
        : PERCENT.includes(t.path.split('/').pop()) && typeof t.value === 'number'
        ? (t.value * 100).toFixed(1) + ' %' : fmtValue(t.value);
    c.append(el('div', name, 'muted'), el('div', big, 'big' + (isState ? ' machine-' + big : '')),
        el('div', t.quality, qualityClass(t.quality)));
    cards.append(c);
  }
  if (!cards.children.length) cards.append(el('p', 'No line data yet (the MES publishes under <line>/mes/).', 'muted'));
}

// ---------------------------------------------------------------- boot
(async () => {
  const r = await api('GET', '/api/session');
  if (r.status === 200) start(r.json); else showLogin('');
})();
