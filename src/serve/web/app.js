// kg's web page: search an entity, grow its neighbourhood, read the evidence of nodes and
// edges, filter by relation, type and dates, find paths, download what is drawn.
// Everything comes from kg's own JSON API; cytoscape.js draws and lays out the graph.
// Corrections (merge, rename, retype, reject, assert, undo) are in correct.js, loaded after.
'use strict';

// Shapes and colours by type, as in the DOT export.
const TYPES = {
  person: { shape: 'ellipse', color: '#cfe2ff' },
  organization: { shape: 'round-rectangle', color: '#ffe5b4' },
  place: { shape: 'hexagon', color: '#d1f2d1' },
  concept: { shape: 'tag', color: '#eeeeee' },
};
const SYMMETRIC = new Set(['met-with', 'spoke-with']);
// Past this many nodes a graph is unreadable and slow: expansions stop, with a message.
const MAX_NODES = 300;

const $ = (id) => document.getElementById(id);
const state = { expanded: [], relations: null, hidden: new Set() };

const cy = cytoscape({
  container: $('cy'),
  wheelSensitivity: 0.3,
  style: [
    { selector: 'node', style: {
      label: 'data(name)', shape: 'data(shape)', 'background-color': 'data(color)',
      'border-width': 1, 'border-color': '#666', 'font-size': 11, 'text-valign': 'center',
      'text-halign': 'center', width: 'data(width)', height: 28, 'text-wrap': 'wrap', 'text-max-width': 150 } },
    { selector: 'node.center', style: { 'border-width': 3, 'border-color': '#1a56b0' } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#d9480f' } },
    { selector: 'edge', style: {
      label: 'data(relation)', 'font-size': 9, color: '#555', width: 1.5, 'line-color': '#999',
      'target-arrow-color': '#999', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier',
      'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
    { selector: 'edge[?symmetric]', style: { 'target-arrow-shape': 'none' } },
    { selector: 'edge.asserted', style: { 'line-style': 'dashed', 'line-color': '#6a3d9a', 'target-arrow-color': '#6a3d9a' } },
    { selector: 'edge:selected', style: { 'line-color': '#d9480f', 'target-arrow-color': '#d9480f', width: 3 } },
    { selector: 'edge.path', style: { 'line-color': '#1a56b0', 'target-arrow-color': '#1a56b0', width: 3 } },
    { selector: 'node.path', style: { 'border-color': '#1a56b0', 'border-width': 3 } },
    { selector: '.hidden', style: { display: 'none' } },
  ],
});
window.kgGraph = cy; // for scripts and tests: the drawn graph

// A note above the graph; kind 'error' for what the server refused.
function message(text, kind) {
  $('message').textContent = text || '';
  $('message').className = text && kind ? kind : '';
}

function params(extra) {
  const p = new URLSearchParams(extra);
  const since = $('since').value.trim(), until = $('until').value.trim();
  if (since) p.set('since', since);
  if (until) p.set('until', until);
  return p;
}

function relationFilter() {
  if (!state.relations) return '';
  const on = [...document.querySelectorAll('#relation-filters input:checked')].map((i) => i.value);
  return on.length === state.relations.length ? '' : on.join(',');
}

async function api(path, query) {
  const response = await fetch(path + '?' + query.toString());
  const body = await response.json().catch(() => ({ error: 'the server answered ' + response.status }));
  if (!response.ok) {
    const error = new Error(body.error || 'error ' + response.status);
    error.body = body;
    error.status = response.status;
    throw error;
  }
  return body;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c.nodeType ? c : String(c));
  return e;
}

// --- the graph ---------------------------------------------------------------------------

function addNode(entity) {
  if (cy.getElementById(entity.id).nonempty()) return false;
  const t = TYPES[entity.type] || TYPES.concept;
  // Wide enough for the name (wrapped past 150 px), as Graphviz sizes its nodes.
  const width = Math.min(170, Math.max(40, entity.name.length * 6.5 + 20));
  cy.add({ group: 'nodes', data: { id: entity.id, name: entity.name, type: entity.type, shape: t.shape, color: t.color, width } });
  return true;
}

// A symmetric relation is one edge whichever way it is named: lower id first, as stored.
function edgeId(source, relation, target) {
  if (SYMMETRIC.has(relation) && source > target) [source, target] = [target, source];
  return source + '|' + relation + '|' + target;
}

function addEdge(source, relation, target, extra) {
  const symmetric = SYMMETRIC.has(relation);
  if (symmetric && source > target) [source, target] = [target, source];
  const id = edgeId(source, relation, target);
  if (cy.getElementById(id).nonempty()) return;
  cy.add({ group: 'edges', data: Object.assign({ id, source, target, relation, symmetric }, extra || {}) });
}

function layout() {
  applyTypeFilter();
  cy.layout({ name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90 }).run();
  cy.fit(undefined, 30);
}

async function expand(id, quiet) {
  const q = params({ entity: id, depth: 1 });
  const rel = relationFilter();
  if (rel) q.set('relation', rel);
  const view = await api('/api/neighbors', q);
  addNode(view.entity);
  cy.getElementById(view.entity.id).addClass('center');
  if (!state.expanded.includes(view.entity.id)) state.expanded.push(view.entity.id);
  let added = 0, skipped = 0;
  for (const n of view.neighbors) {
    if (cy.getElementById(n.id).empty() && cy.nodes().length >= MAX_NODES) { skipped++; continue; }
    if (addNode(n)) added++;
    const [s, t] = n.direction === 'in' ? [n.id, n.via] : [n.via, n.id];
    addEdge(s, n.relation, t, { articles: n.articles, first_seen: n.first_seen, last_seen: n.last_seen });
  }
  if (!quiet) {
    message(skipped ? `Showing ${view.neighbors.length - skipped} of ${view.neighbors.length} neighbours of ${view.entity.name}: the view holds at most ${MAX_NODES} entities. Narrow it with the relation or date filters.` : '');
  }
  layout();
  return { added, skipped };
}

async function open(id) {
  try {
    await expand(id);
    cy.$(':selected').unselect();
    cy.getElementById(id).select();
    await showEntity(id);
  } catch (e) { fail(e); }
}

function fail(e) {
  if (e.status === 409 && e.body && e.body.candidates) {
    message(e.message.split('\n')[0]);
    const panel = $('evidence');
    panel.replaceChildren(el('h3', {}, 'Which one?'),
      ...e.body.candidates.map((c) => el('div', { class: 'relation', onclick: () => open(c.id) },
        `${c.name} `, el('span', { class: 'muted' }, `${c.type}, ${c.articles} articles, ${c.id}`))));
  } else {
    message(e.message, 'error');
  }
}

// --- the evidence panel --------------------------------------------------------------------

function seen(first, last) {
  if (!first) return 'undated';
  return first === last || !last ? first : `${first} to ${last}`;
}

// A link to where an article was published: http(s) only, so that a stored url can never
// run script (javascript:) on this page.
function articleLink(url) {
  if (!/^https?:\/\//i.test(url || '')) return null;
  return el('a', { class: 'article-link', href: url, target: '_blank', rel: 'noopener noreferrer' }, 'source ↗');
}

function sentence(ev, title) {
  return el('blockquote', {}, ev.sentence,
    el('div', { class: 'meta' }, `${ev.article}${title ? ' “' + title + '”' : ''} · ${ev.date || 'undated'} · ${ev.pattern} · confidence ${ev.confidence.toFixed(2)} `,
      articleLink(ev.url)));
}

async function showEntity(id) {
  const v = await api('/api/show', params({ entity: id }));
  const titles = Object.fromEntries(v.article_details.map((a) => [a.id, a.title]));
  const panel = $('evidence');
  panel.replaceChildren(
    el('h3', {}, v.name),
    el('div', { class: 'meta' }, `${v.type} · ${v.id} · ${v.articles.length} article${v.articles.length === 1 ? '' : 's'}`),
    // The forms articles wrote, each with how many wrote it (other spellings only find it).
    v.alias_articles.length
      ? el('div', { class: 'meta' }, 'also: ' + v.alias_articles.map((a) => `${a.alias} (${a.articles} article${a.articles === 1 ? '' : 's'})`).join(', '))
      : null,
    el('h2', {}, `Relations (${v.relations.length})`),
    ...v.relations.map((r) => {
      const arrow = SYMMETRIC.has(r.relation) ? `—${r.relation}—` : `—${r.relation}→`;
      return el('div', { class: 'relation', onclick: () => showEdge(r.source, r.relation, r.target) },
        `${r.source_name} ${arrow} ${r.target_name} `,
        el('span', { class: 'muted' }, `${r.articles} article${r.articles === 1 ? '' : 's'}, ${seen(r.first_seen, r.last_seen)}`),
        ...r.evidence.slice(0, 2).map((ev) => sentence(ev, titles[ev.article])));
    }),
    el('h2', {}, 'Articles'),
    ...v.article_details.map((a) => el('div', { class: 'meta' }, `${a.date || 'undated'} · ${a.id}${a.title ? ' “' + a.title + '”' : ''} `, articleLink(a.url))));
}

async function showEdge(source, relation, target) {
  try {
    const v = await api('/api/evidence', params({ source, relation, target }));
    const arrow = SYMMETRIC.has(v.relation) ? `—${v.relation}—` : `—${v.relation}→`;
    $('evidence').replaceChildren(
      el('h3', {}, `${v.source.name} ${arrow} ${v.target.name}`),
      el('div', { class: 'meta' }, `${v.articles} article${v.articles === 1 ? '' : 's'} · ${seen(v.first_seen, v.last_seen)} · confidence ${v.confidence.toFixed(2)}`),
      el('h2', {}, 'Evidence'),
      ...v.evidence.map((ev) => sentence(ev, ev.title)));
  } catch (e) { fail(e); }
}

cy.on('tap', 'node', (e) => {
  // Ctrl-, Shift- or Cmd-click adds a node to the selection (to merge, or to assert an
  // edge between two), without expanding it.
  const o = e.originalEvent;
  if (o && (o.ctrlKey || o.shiftKey || o.metaKey)) return;
  const id = e.target.id();
  showEntity(id).catch(fail);
  if (!state.expanded.includes(id)) expand(id).catch(fail);
});
cy.on('tap', 'edge', (e) => {
  const d = e.target.data();
  showEdge(d.source, d.relation, d.target);
});

// --- search with suggestions ---------------------------------------------------------------

let timer = null, active = -1;
$('search').addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(suggest, 120);
});
$('search').addEventListener('keydown', (e) => {
  const items = [...$('suggestions').children];
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    active = Math.max(0, Math.min(items.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
    items.forEach((li, i) => li.classList.toggle('active', i === active));
    e.preventDefault();
  } else if (e.key === 'Enter') {
    const pick = items[active >= 0 ? active : 0];
    if (pick) pick.click(); else if ($('search').value.trim()) open($('search').value.trim());
  } else if (e.key === 'Escape') {
    $('suggestions').replaceChildren();
  }
});

async function suggest() {
  const text = $('search').value.trim();
  active = -1;
  if (!text) { $('suggestions').replaceChildren(); return; }
  try {
    const v = await api('/api/entities', new URLSearchParams({ match: text, limit: 12 }));
    $('suggestions').replaceChildren(...v.entities.map((e) => el('li', {
      role: 'option', 'data-id': e.id,
      onclick: () => { $('suggestions').replaceChildren(); $('search').value = e.name; open(e.id); },
    }, e.name + ' ', el('span', { class: 'type' }, `${e.type}, ${e.articles} article${e.articles === 1 ? '' : 's'}`))));
  } catch (e) { message(e.message); }
}

// --- filters -----------------------------------------------------------------------------

function applyTypeFilter() {
  const off = new Set([...document.querySelectorAll('#type-filters input:not(:checked)')].map((i) => i.value));
  cy.nodes().forEach((n) => n.toggleClass('hidden', off.has(n.data('type'))));
}

// Draws the expanded entities again, as the server has them now (after a filter changes,
// or a correction). A centre that is gone (merged away) is dropped.
async function reload() {
  const centers = [...state.expanded];
  cy.elements().remove();
  state.expanded = [];
  message('');
  try {
    for (const id of centers) {
      try { await expand(id, true); } catch (e) { if (e.status !== 404) throw e; }
    }
    const selected = state.expanded[state.expanded.length - 1];
    if (selected) await showEntity(selected);
  } catch (e) { fail(e); }
}

$('apply').addEventListener('click', reload);

async function loadFilters() {
  const stats = await api('/api/stats', new URLSearchParams());
  state.relations = Object.keys(stats.relations.by_type);
  $('relation-filters').replaceChildren(...state.relations.map((r) =>
    el('label', {}, el('input', { type: 'checkbox', value: r, checked: '', onchange: reload }), ` ${r}`)));
  $('type-filters').replaceChildren(...Object.keys(stats.entities.by_type).map((t) =>
    el('label', {}, el('input', { type: 'checkbox', value: t, checked: '', onchange: applyTypeFilter }), ' ',
      el('span', { class: 'swatch', style: `background:${(TYPES[t] || TYPES.concept).color}` }), t)));
}

// --- paths -------------------------------------------------------------------------------

$('path-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = params({ from: $('path-from').value.trim(), to: $('path-to').value.trim(), max_depth: 4 });
  const rel = relationFilter();
  if (rel) q.set('relation', rel);
  try {
    const v = await api('/api/path', q);
    cy.elements().removeClass('path');
    if (!v.paths.length) { message(`No path from ${v.from.name} to ${v.to.name} within ${v.max_depth} hops.`); return; }
    const p = v.paths[0];
    p.nodes.forEach(addNode);
    p.edges.forEach((edge) => addEdge(edge.source, edge.relation, edge.target));
    layout();
    p.nodes.forEach((n) => cy.getElementById(n.id).addClass('path'));
    p.edges.forEach((edge) => {
      cy.getElementById(edgeId(edge.source, edge.relation, edge.target)).addClass('path');
    });
    message(`Path: ${p.nodes.map((n) => n.name).join(' → ')} (${p.edges.length} hop${p.edges.length === 1 ? '' : 's'})`);
  } catch (err) { fail(err); }
});

// --- downloads ---------------------------------------------------------------------------

function save(blob, name) {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function viewJson() {
  return {
    entities: cy.nodes(':visible').map((n) => ({ id: n.id(), name: n.data('name'), type: n.data('type') })),
    relations: cy.edges(':visible').map((e) => ({ source: e.data('source'), relation: e.data('relation'), target: e.data('target'),
      articles: e.data('articles'), first_seen: e.data('first_seen'), last_seen: e.data('last_seen') })),
  };
}

function xml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]));
}

// An SVG of what is drawn, from cytoscape's positions: lines, shapes and labels.
function viewSvg() {
  const box = cy.elements(':visible').boundingBox();
  const pad = 20, w = Math.ceil(box.w + 2 * pad), h = Math.ceil(box.h + 2 * pad);
  const x = (v) => (v - box.x1 + pad).toFixed(1), y = (v) => (v - box.y1 + pad).toFixed(1);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="Helvetica, Arial, sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#999"/></marker></defs>',
    `<rect width="${w}" height="${h}" fill="white"/>`];
  cy.edges(':visible').forEach((e) => {
    const s = e.sourceEndpoint(), t = e.targetEndpoint(), m = e.midpoint();
    out.push(`<line x1="${x(s.x)}" y1="${y(s.y)}" x2="${x(t.x)}" y2="${y(t.y)}" stroke="#999" stroke-width="1.5"${e.data('symmetric') ? '' : ' marker-end="url(#arrow)"'}/>`);
    out.push(`<text x="${x(m.x)}" y="${y(m.y)}" font-size="9" fill="#555" text-anchor="middle">${xml(e.data('relation'))}</text>`);
  });
  cy.nodes(':visible').forEach((n) => {
    const p = n.position(), bw = n.width(), bh = n.height() - 8;
    const fill = n.data('color');
    out.push(n.data('shape') === 'ellipse'
      ? `<ellipse cx="${x(p.x)}" cy="${y(p.y)}" rx="${(bw / 2).toFixed(1)}" ry="${(bh / 2 + 4).toFixed(1)}" fill="${fill}" stroke="#666"/>`
      : `<rect x="${x(p.x - bw / 2)}" y="${y(p.y - bh / 2 - 4)}" width="${bw.toFixed(1)}" height="${(bh + 8).toFixed(1)}" rx="4" fill="${fill}" stroke="#666"/>`);
    out.push(`<text x="${x(p.x)}" y="${y(p.y + 4)}" font-size="11" text-anchor="middle">${xml(n.data('name'))}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
window.kgViewSvg = viewSvg;
window.kgViewJson = viewJson;

$('download-json').addEventListener('click', () => save(new Blob([JSON.stringify(viewJson(), null, 2)], { type: 'application/json' }), 'kg-view.json'));
$('download-svg').addEventListener('click', () => save(new Blob([viewSvg()], { type: 'image/svg+xml' }), 'kg-view.svg'));
$('download-png').addEventListener('click', () => save(cy.png({ output: 'blob', full: true, bg: 'white', scale: 2 }), 'kg-view.png'));
$('clear').addEventListener('click', () => { cy.elements().remove(); state.expanded = []; message(''); });

// --- start ---------------------------------------------------------------------------------

$('legend').replaceChildren(el('h2', {}, 'Legend'), ...Object.entries(TYPES).map(([t, s]) =>
  el('div', {}, el('span', { class: 'swatch', style: `background:${s.color}` }), `${t} (${s.shape})`)));
loadFilters().catch((e) => message('Cannot reach kg: ' + e.message));
// A link can name where to start: /?entity=Putin
const start = new URLSearchParams(location.search).get('entity');
if (start) open(start);
