// kg's web page, corrections: merge, rename, retype, reject, assert and undo, sent to kg's
// typed routes (POST /api/corrections, POST /api/corrections/{n}/undo), and the log in the
// side panel (GET /api/corrections). Loaded after app.js, whose cy, state, api, el, fill, message,
// fail and reload it uses. It never edits the drawn graph by itself: after a
// correction it draws what it shows again, as the server now has it. Every refusal of the
// server is shown with its status, never swallowed.
'use strict';

const RELATIONS = ['met-with', 'spoke-with', 'envoy-of', 'aide-of', 'leader-of', 'demands'];
const KINDS = ['person', 'organization', 'place', 'concept'];
const TOKEN_KEY = 'kg-token';

// --- write access ------------------------------------------------------------------------
// On loopback without a token the server takes this page's writes as they are (same origin,
// JSON). With a token, `kg serve` prints the page's address with the token in the fragment
// (http://127.0.0.1:7070/#token=...): a fragment is never sent to a server nor in a Referer.
// The page keeps it in this tab's session storage, which no other origin can read, and
// takes it out of the address bar. A write answered 401 asks for the token once.
function takeToken() {
  const given = new URLSearchParams(location.hash.slice(1)).get('token');
  if (given === null) return;
  sessionStorage.setItem(TOKEN_KEY, given);
  history.replaceState(null, '', location.pathname + location.search);
}
takeToken();
// The address pasted into a tab that shows the page already changes only the fragment.
window.addEventListener('hashchange', takeToken);

async function write(path, body) {
  for (let attempt = 0; ; attempt++) {
    const headers = { 'Content-Type': 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body || {}) });
    const reply = await response.json()
      .catch(() => ({ error: `the server answered ${response.status} without JSON` }));
    if (response.ok) return reply;
    if (response.status === 401 && attempt === 0) {
      const answer = await ask('This server needs its write token',
        'kg serve printed the page’s address with it (…/#token=…); it is also the --token or DB/serve.token the server was started with.',
        [{ name: 'token', label: 'Token', type: 'password' }]);
      if (answer && answer.token.trim()) {
        sessionStorage.setItem(TOKEN_KEY, answer.token.trim());
        continue;
      }
    }
    const error = new Error(reply.error || 'error ' + response.status);
    error.status = reply.status || response.status;
    error.body = reply;
    throw error;
  }
}

// Shows what the server refused, with its status, above the graph and in an open log.
function refused(what, e) {
  const text = `${what} refused: ${e.message}${e.status ? ` (HTTP ${e.status})` : ''}`;
  message(text, 'error');
  return text;
}

// --- a small form in a dialog --------------------------------------------------------------

// Asks for `fields` ({name, label, type: text|password|select|textarea, value, options,
// required}); resolves to their values, or null when cancelled. No fields: a confirmation.
function ask(title, hint, fields) {
  const dialog = $('ask');
  $('ask-title').textContent = title;
  $('ask-hint').textContent = hint || '';
  const inputs = {};
  fill($('ask-fields'), ...(fields || []).map((f) => {
    let input;
    if (f.type === 'select') {
      input = el('select', { name: f.name }, ...f.options.map((o) => {
        const [value, label] = Array.isArray(o) ? o : [o, o];
        return el('option', { value }, label);
      }));
    } else if (f.type === 'textarea') {
      input = el('textarea', { name: f.name, rows: 3 });
    } else {
      input = el('input', { name: f.name, type: f.type || 'text', autocomplete: 'off' });
    }
    if (f.value !== undefined) input.value = f.value;
    inputs[f.name] = input;
    return el('label', {}, f.label, input);
  }));
  return new Promise((resolve) => {
    const done = (values) => {
      $('ask-ok').onclick = $('ask-cancel').onclick = dialog.oncancel = dialog.onkeydown = null;
      dialog.close();
      resolve(values);
    };
    $('ask-ok').onclick = () => {
      const values = Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value]));
      const missing = (fields || []).find((f) => f.required && !values[f.name].trim());
      if (missing) { $('ask-hint').textContent = `${missing.label} is needed.`; return; }
      done(values);
    };
    $('ask-cancel').onclick = () => done(null);
    dialog.oncancel = (e) => { e.preventDefault(); done(null); };
    dialog.onkeydown = (e) => {
      if (e.key === 'Enter' && e.target.tagName !== 'TEXTAREA') { e.preventDefault(); $('ask-ok').click(); }
    };
    dialog.showModal();
    const first = Object.values(inputs)[0];
    (first || $('ask-ok')).focus();
  });
}

// --- the corrections -----------------------------------------------------------------------

const nameOf = (node) => node.data('name');

// Sends one correction; on success draws the graph again (with `moved`, ids merged away,
// replaced among the expanded entities by the one they went into) and the log if shown.
async function correct(what, body, moved) {
  const log = logShown();
  try {
    const reply = await write('/api/corrections', body);
    if (moved) {
      state.expanded = [...new Set(state.expanded.map((id) => moved[id] || id))];
    }
    await reload();
    const numbers = reply.applied.map((a) => a.n).join(', ');
    message(`${what}: correction ${numbers}. Right-click the background to undo it.`);
    if (log) await showLog();
    return reply;
  } catch (e) {
    refused(what, e);
    if (log) await showLog();
    return null;
  }
}

async function merge(keep, others) {
  const names = others.map(nameOf).join(', ');
  const answer = await ask(`Merge ${names} into ${nameOf(keep)}`,
    `${names} will be gone: their names become aliases of ${nameOf(keep)}, their relations and evidence move to it.`,
    [{ name: 'note', label: 'Note (why)', type: 'textarea' }]);
  if (!answer) return;
  const moved = Object.fromEntries(others.map((o) => [o.id(), keep.id()]));
  await correct(`Merged ${names} into ${nameOf(keep)}`,
    { op: 'merge', keep: keep.id(), others: others.map((o) => o.id()), note: answer.note }, moved);
}

async function rename(node) {
  const answer = await ask(`Rename ${nameOf(node)}`, 'The old name stays an alias; later articles never change it back.',
    [{ name: 'name', label: 'New name', value: nameOf(node), required: true }, { name: 'note', label: 'Note (why)', type: 'textarea' }]);
  if (!answer) return;
  await correct(`Renamed ${nameOf(node)}`, { op: 'rename', entity: node.id(), name: answer.name.trim(), note: answer.note });
}

async function retype(node) {
  const answer = await ask(`Retype ${nameOf(node)}`, `Now a ${node.data('type')}.`,
    [{ name: 'type', label: 'Type', type: 'select', options: KINDS, value: node.data('type') },
      { name: 'note', label: 'Note (why)', type: 'textarea' }]);
  if (!answer) return;
  await correct(`Retyped ${nameOf(node)}`, { op: 'retype', entity: node.id(), type: answer.type, note: answer.note });
}

async function reject(edge) {
  const d = edge.data();
  const label = `${nameOf(edge.source())} ${d.relation} ${nameOf(edge.target())}`;
  const answer = await ask(`Reject ${label}`, 'Its evidence goes, and later ingests will not add it again.',
    [{ name: 'note', label: 'Note (why)', type: 'textarea' }]);
  if (!answer) return;
  await correct(`Rejected ${label}`, { op: 'reject', source: d.source, relation: d.relation, target: d.target, note: answer.note });
}

async function assertEdge(a, b) {
  const answer = await ask(`Assert an edge between ${nameOf(a)} and ${nameOf(b)}`,
    'The note is its evidence, in a synthetic article kg-correction-N.',
    [{ name: 'direction', label: 'From → to', type: 'select', options: [['ab', `${nameOf(a)} → ${nameOf(b)}`], ['ba', `${nameOf(b)} → ${nameOf(a)}`]] },
      { name: 'relation', label: 'Relation', type: 'select', options: RELATIONS },
      { name: 'note', label: 'Note (the evidence; needed)', type: 'textarea', required: true }]);
  if (!answer) return;
  const [s, t] = answer.direction === 'ab' ? [a, b] : [b, a];
  if (!state.expanded.includes(s.id())) state.expanded.push(s.id());
  await correct(`Asserted ${nameOf(s)} ${answer.relation} ${nameOf(t)}`,
    { op: 'assert', source: s.id(), relation: answer.relation, target: t.id(), note: answer.note });
}

// Undoes correction `n` (the last in the log when not given), after a confirmation.
async function undo(n) {
  const shown = logShown();
  try {
    const log = await api('/api/corrections', new URLSearchParams());
    const entry = n === undefined ? log.corrections[log.corrections.length - 1] : log.corrections.find((c) => c.n === n);
    if (!entry) { message('There is no correction to undo.', 'error'); return; }
    const answer = await ask(`Undo correction ${entry.n}?`, describe(entry), []);
    if (!answer) return;
    const done = await write(`/api/corrections/${entry.n}/undo`, {});
    await reload();
    message(`Undid correction ${done.n} (${done.op} ${done.source}${done.relation ? ' ' + done.relation : ''} ${done.target}).`);
  } catch (e) {
    refused('Undo', e);
  }
  if (shown) await showLog();
}

// A log entry in words. The log names a merge keep → merged, a rename old → new name.
function describe(c) {
  const what = {
    merge: `merge ${c.target} into ${c.source}`,
    unmerge: `unmerge ${c.target} from ${c.source}`,
    rename: `rename ${c.source} to ${c.target}`,
    retype: `retype ${c.source} as ${c.target}`,
    dismiss: `${c.source} and ${c.target} are not one entity`,
  }[c.op] || [c.op, c.source, c.relation && c.relation !== '-' ? c.relation : null, c.target].filter(Boolean).join(' ');
  return `${what}${c.article ? ' in ' + c.article : ''}${c.note ? ' — “' + c.note + '”' : ''}`;
}

// --- the log panel -------------------------------------------------------------------------

async function showLog() {
  const panel = $('evidence');
  try {
    const log = await api('/api/corrections', new URLSearchParams());
    fill(panel, el('h3', { class: 'log' }, `Corrections (${log.corrections.length})`),
      el('p', { class: 'hint' }, 'Newest last. An undo puts back what a correction removed and takes away what it added.'),
      log.corrections.length ? el('button', { type: 'button', onclick: () => undo() }, 'Undo the last correction') : null,
      ...log.corrections.map((c) => el('div', { class: 'log-entry' + (c.in_effect ? '' : ' out'), 'data-n': c.n },
        el('strong', {}, `${c.n} `), describe(c),
        el('div', { class: 'meta' }, `${c.date} · ${c.in_effect ? 'in effect' : c.fails ? 'does not hold: ' + c.fails : c.superseded_by ? 'superseded by ' + c.superseded_by : 'unresolved'} `,
          el('button', { type: 'button', onclick: () => undo(c.n) }, 'Undo')))));
  } catch (e) {
    fill(panel, el('h3', { class: 'log' }, 'Corrections'), el('p', { class: 'error' }, refused('Reading the log', e)));
  }
}

// Whether the panel shows the log (and not an entity or an edge): then a write, which draws
// the graph and the entity again, shows the log again after.
function logShown() { return $('evidence').querySelector('h3.log') !== null; }

$('show-log').addEventListener('click', showLog);
$('undo-last').addEventListener('click', () => undo());

// Asserted edges are dashed by app.js, from the `asserted` flag the neighbours and paths
// the page fetches again after every write carry.

// --- the context menu ----------------------------------------------------------------------

function hideMenu() { $('menu').hidden = true; }

function showMenu(position, items) {
  const menu = $('menu');
  fill(menu, ...items.map(([label, action]) => action
    ? el('li', { role: 'menuitem', onclick: () => { hideMenu(); action(); } }, label)
    : el('li', { class: 'disabled', role: 'menuitem' }, label)));
  menu.style.left = `${position.x}px`;
  menu.style.top = `${position.y}px`;
  menu.hidden = false;
}

cy.on('cxttap', (e) => {
  const target = e.target;
  const selected = cy.nodes(':selected');
  let items;
  if (target === cy) {
    items = [['Undo the last correction', () => undo()], ['Show the corrections log', showLog]];
  } else if (target.isEdge()) {
    items = [[`Reject ${nameOf(target.source())} ${target.data('relation')} ${nameOf(target.target())}…`, () => reject(target)]];
  } else {
    const others = selected.filter((n) => n.id() !== target.id()).toArray();
    items = [
      others.length
        ? [`Merge ${others.map(nameOf).join(', ')} into ${nameOf(target)}…`, () => merge(target, others)]
        : ['Merge: select another node first', null],
      others.length === 1
        ? [`Assert an edge with ${nameOf(others[0])}…`, () => assertEdge(others[0], target)]
        : ['Assert an edge: select one other node first', null],
      ['Rename…', () => rename(target)],
      ['Retype…', () => retype(target)],
    ];
  }
  showMenu(e.renderedPosition, items);
});
cy.on('tap', hideMenu);
cy.on('viewport', hideMenu);
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hideMenu(); });
// The browser's own menu would cover ours.
$('cy').addEventListener('contextmenu', (e) => e.preventDefault());

window.kgCorrect = { merge, rename, retype, reject, assertEdge, undo, showLog }; // for scripts and tests
