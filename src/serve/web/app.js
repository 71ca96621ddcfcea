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
// Edge colours by relation (Okabe-Ito: told apart by colour-blind readers too).
const RELATION_COLORS = {
  'met-with': '#0072b2', 'spoke-with': '#56b4e9', 'envoy-of': '#e69f00',
  'aide-of': '#009e73', 'leader-of': '#cc79a7', demands: '#d55e00',
};
const OTHER_RELATION = '#888888';
const SYMMETRIC = new Set(['met-with', 'spoke-with']);
// The pattern kg gives an analyst's assertion (kg assert): its evidence is their note.
const ASSERTED = 'analyst-assertion';
// Past this many nodes a graph is unreadable and slow: expansions stop, with a message.
const MAX_NODES = 300;
// A fit never zooms in past this: a lone entity or a pair stays its own size.
const MAX_FIT_ZOOM = 1.25;
// Labels keep at least these sizes on screen when the view is zoomed out (to a third).
const NODE_FONT = 13, EDGE_FONT = 10;
// Edge labels are drawn when at most this many edges show; past it, on hover or selection.
const EDGE_LABELS = 20;
// Past this many nodes shown, a sunflower replaces the force layout, and only the LABELLED best
// supported nodes (and the expanded ones) keep their labels; the others show theirs on hover.
const MANY_NODES = 60, LABELLED = 25;

const $ = (id) => document.getElementById(id);
// `rings`: whether the last layout was the sunflower of a big view.
const state = { expanded: [], relations: null, hidden: new Set(), rings: false };

// A label's size in the graph's units, so that it reads `px` on screen when zoomed out.
const fontAt = (px) => () => px / Math.max(1 / 3, Math.min(1, cy.zoom()));
const relationColor = (r) => RELATION_COLORS[r] || OTHER_RELATION;

const cy = cytoscape({
  container: $('cy'),
  wheelSensitivity: 0.3,
  style: [
    { selector: 'node', style: {
      label: 'data(name)', shape: 'data(shape)', 'background-color': 'data(color)',
      'border-width': 1, 'border-color': '#666', 'font-size': fontAt(NODE_FONT), 'text-valign': 'bottom',
      'text-halign': 'center', 'text-margin-y': 3, width: 'data(size)', height: 'data(size)', 'text-wrap': 'wrap',
      'text-max-width': 160, color: '#111', 'text-outline-color': '#fff', 'text-outline-width': 2 } },
    { selector: 'node.quiet', style: { label: '' } },
    { selector: 'node.quiet.hover, node.quiet:selected', style: { label: 'data(name)' } },
    { selector: 'node.center', style: { 'border-width': 3, 'border-color': '#1a56b0', 'font-weight': 'bold' } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#d9480f' } },
    { selector: 'edge', style: {
      width: 'data(width)', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)',
      'target-arrow-shape': 'triangle', 'curve-style': 'bezier', opacity: 0.85 } },
    { selector: 'edge.labelled, edge:selected, edge.hover', style: {
      label: 'data(label)', 'font-size': fontAt(EDGE_FONT), color: '#333', 'text-rotation': 'autorotate',
      'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 1 } },
    { selector: 'edge[?symmetric]', style: { 'target-arrow-shape': 'none' } },
    { selector: 'edge.asserted', style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 4] } },
    { selector: 'edge:selected', style: { 'line-color': '#d9480f', 'target-arrow-color': '#d9480f', opacity: 1 } },
    { selector: 'edge.path', style: { 'line-color': '#1a56b0', 'target-arrow-color': '#1a56b0', width: 4, opacity: 1 } },
    { selector: 'node.path', style: { 'border-color': '#1a56b0', 'border-width': 3 } },
    { selector: '.hidden', style: { display: 'none' } },
  ],
});
window.kgGraph = cy; // for scripts and tests: the drawn graph

// The labels' sizes follow the zoom (fontAt): restyle once per frame while it changes.
let restyle = 0;
cy.on('zoom', () => {
  if (!restyle) restyle = requestAnimationFrame(() => { restyle = 0; cy.style().update(); });
});
cy.on('mouseover', 'node, edge', (e) => e.target.addClass('hover'));
cy.on('mouseout', 'node, edge', (e) => e.target.removeClass('hover'));

// A note above the graph; kind 'error' for what the server refused. `text` may be nodes.
function message(text, kind) {
  if (Array.isArray(text)) fill($('message'), ...text); else $('message').textContent = text || '';
  $('message').className = text && text.length && kind ? kind : '';
}

// A count with its noun: 1 article, 2 articles.
const count = (n, noun, nouns) => `${n} ${n === 1 ? noun : nouns || noun + 's'}`;

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
  return fill(e, ...children);
}

// Puts `children` in `parent` in place of what it held. An absent child (null, undefined:
// a part with nothing to say) is left out, never written as "null".
function fill(parent, ...children) {
  parent.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c.nodeType ? c : String(c))));
  return parent;
}

// --- the graph ---------------------------------------------------------------------------

// Node size follows the articles behind the node's relations in the view (the sum over
// its loaded edges), on a log scale: one article is small, hundreds are capped.
function nodeSize(articles) {
  return Math.round(Math.min(90, 22 + 13 * Math.log2(Math.max(1, articles))));
}

function addNode(entity) {
  if (cy.getElementById(entity.id).nonempty()) return false;
  const t = TYPES[entity.type] || TYPES.concept;
  cy.add({ group: 'nodes', data: { id: entity.id, name: entity.name, type: entity.type, shape: t.shape, color: t.color, size: nodeSize(1) } });
  return true;
}

function resize() {
  cy.nodes().forEach((n) => {
    const articles = n.connectedEdges().reduce((sum, e) => sum + (e.data('articles') || 1), 0);
    n.data({ articles, size: nodeSize(articles) });
  });
}

// A symmetric relation is one edge whichever way it is named: lower id first, as stored.
function edgeId(source, relation, target) {
  if (SYMMETRIC.has(relation) && source > target) [source, target] = [target, source];
  return source + '|' + relation + '|' + target;
}

// Edge width follows its articles (log scale), colour its relation; an analyst's
// assertion is dashed and says so in its label.
function addEdge(source, relation, target, extra) {
  const symmetric = SYMMETRIC.has(relation);
  if (symmetric && source > target) [source, target] = [target, source];
  const id = edgeId(source, relation, target);
  const data = Object.assign({ id, source, target, relation, symmetric }, extra || {});
  const old = cy.getElementById(id);
  if (old.nonempty()) {
    // A path edge drawn first learns its articles when a neighbourhood brings them.
    if (data.articles !== undefined && old.data('articles') === undefined) old.data({ articles: data.articles, width: data.width });
    return;
  }
  data.color = relationColor(relation);
  data.width = data.articles ? Math.min(9, 1.5 + 1.6 * Math.log2(data.articles)) : 1.5;
  data.label = relation + (data.asserted ? ' (asserted)' : '');
  const edge = cy.add({ group: 'edges', data });
  if (data.asserted) edge.addClass('asserted');
}

// Fits what shows, but never zooms in past MAX_FIT_ZOOM: a small graph keeps its size.
function fit() {
  const shown = cy.elements().not('.hidden');
  if (shown.empty()) return;
  cy.fit(shown, 40);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center(shown);
  }
  cy.style().update();
}

// A few dozen nodes: a force layout. More: a sunflower, the expanded entities in the middle
// and the others by articles outwards, the best supported nearest (a force layout of
// hundreds is slow and no clearer).
function layout() {
  resize();
  applyView();
  const shown = cy.elements().not('.hidden');
  if (shown.nodes().length > MANY_NODES) {
    const centers = shown.nodes('.center');
    const rest = shown.nodes().not(centers).sort((a, b) => b.data('articles') - a.data('articles'));
    const ring = 30 * centers.length;
    const golden = Math.PI * (3 - Math.sqrt(5));
    centers.forEach((n, i) => n.position({ x: ring * Math.cos(2 * Math.PI * i / centers.length), y: ring * Math.sin(2 * Math.PI * i / centers.length) }));
    rest.forEach((n, i) => {
      const r = ring + 110 + 44 * Math.sqrt(i);
      n.position({ x: r * Math.cos(i * golden), y: r * Math.sin(i * golden) });
    });
    state.rings = true;
  } else {
    // The force layout starts from where the nodes are (an expansion keeps the picture),
    // unless they are where the sunflower left them, spread far apart: then from a circle.
    if (state.rings) shown.nodes().positions((n, i) => ({ x: 80 * Math.cos(i), y: 80 * Math.sin(i) }));
    shown.layout({ name: 'cose', animate: false, randomize: false, fit: false, nodeRepulsion: () => 14000,
      idealEdgeLength: () => 110, nodeDimensionsIncludeLabels: true }).run();
    state.rings = false;
  }
  fit();
}

async function expand(id, quiet) {
  const q = params({ entity: id, depth: 1 });
  const rel = relationFilter();
  if (rel) q.set('relation', rel);
  const view = await api('/api/neighbors', q);
  addNode(view.entity);
  cy.getElementById(view.entity.id).addClass('center');
  if (!state.expanded.includes(view.entity.id)) state.expanded.push(view.entity.id);
  // The best supported first, so that the cap leaves out the weakest.
  const neighbors = [...view.neighbors].sort((a, b) => b.articles - a.articles);
  let added = 0, skipped = 0;
  for (const n of neighbors) {
    if (cy.getElementById(n.id).empty() && cy.nodes().length >= MAX_NODES) { skipped++; continue; }
    if (addNode(n)) added++;
    const [s, t] = n.direction === 'in' ? [n.id, n.via] : [n.via, n.id];
    addEdge(s, n.relation, t, { articles: n.articles, first_seen: n.first_seen, last_seen: n.last_seen, asserted: n.asserted });
  }
  if (!quiet) {
    message(skipped ? `Showing ${view.neighbors.length - skipped} of ${view.neighbors.length} neighbours of ${view.entity.name}: the view holds at most ${MAX_NODES} entities. Narrow it with the relation or date filters.` : '');
  }
  updateRange();
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

// Shows what the server refused. An unknown name comes with suggestions, each a link that
// calls `pick` with it (by default, opens that entity); an ambiguous one with candidates.
function fail(e, pick) {
  const choose = pick || ((name) => { $('search').value = name; open(name); });
  const suggestions = (e.body && e.body.suggestions) || [];
  if (e.status === 409 && e.body && e.body.candidates) {
    message(e.message.split('\n')[0]);
    const panel = $('evidence');
    fill(panel, el('h3', {}, 'Which one?'),
      ...e.body.candidates.map((c) => el('div', { class: 'relation candidate', onclick: () => (pick ? pick(c.id) : open(c.id)) },
        `${c.name} `, el('span', { class: 'muted' }, `${c.type}, ${count(c.articles, 'article')}, ${c.id}`))));
  } else if (suggestions.length) {
    const said = e.message.split('; did you mean')[0];
    const links = suggestions.map((name) => el('a', { href: '#', class: 'suggestion', onclick: (ev) => { ev.preventDefault(); choose(name); } }, name));
    message([`${said}. Did you mean `, ...links.flatMap((a, i) => (i ? [', ', a] : [a])), '?'], 'error');
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

const badge = () => el('span', { class: 'badge asserted' }, 'asserted');
const isAsserted = (ev) => ev.pattern === ASSERTED;

// One sentence with where it comes from. An analyst's assertion has a badge and a dashed
// border: its "sentence" is their note, its article the correction's.
function sentence(ev, title) {
  const asserted = isAsserted(ev);
  const where = [ev.article + (title ? ` “${title}”` : ''), ev.date || 'undated',
    asserted ? 'asserted by an analyst' : ev.pattern, `confidence ${Number(ev.confidence || 0).toFixed(2)}`];
  return el('blockquote', asserted ? { class: 'asserted' } : {}, asserted ? badge() : null, asserted ? ' ' : null, ev.sentence || '',
    el('div', { class: 'meta' }, where.join(' · ') + ' ', articleLink(ev.url)));
}

async function showEntity(id) {
  const v = await api('/api/show', params({ entity: id }));
  // The meetings panel (meetings.js) follows the entity shown.
  document.dispatchEvent(new CustomEvent('kg:entity', { detail: { id: v.id, name: v.name, type: v.type } }));
  const titles = Object.fromEntries((v.article_details || []).map((a) => [a.id, a.title]));
  const aliases = v.alias_articles || [];
  const panel = $('evidence');
  fill(panel,
    el('h3', {}, v.name),
    el('div', { class: 'meta' }, `${v.type} · ${v.id} · ${count(v.articles.length, 'article')}`),
    // The forms articles wrote, each with how many wrote it (other spellings only find it).
    aliases.length
      ? el('div', { class: 'meta' }, 'also: ' + aliases.map((a) => `${a.alias} (${count(a.articles, 'article')})`).join(', '))
      : null,
    el('h2', {}, `Relations (${v.relations.length})`),
    ...v.relations.map((r) => {
      const arrow = SYMMETRIC.has(r.relation) ? `—${r.relation}—` : `—${r.relation}→`;
      const asserted = r.evidence.some(isAsserted);
      return el('div', { class: 'relation', onclick: () => showEdge(r.source, r.relation, r.target) },
        `${r.source_name} ${arrow} ${r.target_name} `, asserted ? badge() : null, asserted ? ' ' : null,
        el('span', { class: 'muted' }, `${count(r.articles, 'article')}, ${seen(r.first_seen, r.last_seen)}`),
        ...r.evidence.slice(0, 2).map((ev) => sentence(ev, titles[ev.article])));
    }),
    el('h2', {}, 'Articles'),
    ...(v.article_details || []).map((a) => el('div', { class: 'meta' }, `${a.date || 'undated'} · ${a.id}${a.title ? ' “' + a.title + '”' : ''} `, articleLink(a.url))));
}

async function showEdge(source, relation, target) {
  try {
    const v = await api('/api/evidence', params({ source, relation, target }));
    const arrow = SYMMETRIC.has(v.relation) ? `—${v.relation}—` : `—${v.relation}→`;
    const asserted = v.evidence.some(isAsserted);
    fill($('evidence'),
      el('h3', {}, `${v.source.name} ${arrow} ${v.target.name}`, asserted ? ' ' : null, asserted ? badge() : null),
      el('div', { class: 'meta' }, `${count(v.articles, 'article')} · ${seen(v.first_seen, v.last_seen)} · confidence ${Number(v.confidence || 0).toFixed(2)}`),
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

// The box searches entities, or the articles' text when its mode says so (search.js).
const articleMode = () => $('search-mode').value === 'articles';

let timer = null, active = -1;
$('search').addEventListener('input', () => {
  clearTimeout(timer);
  if (articleMode()) return;
  timer = setTimeout(suggest, 120);
});
$('search').addEventListener('keydown', (e) => {
  if (articleMode()) return;
  const items = [...$('suggestions').children];
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    active = Math.max(0, Math.min(items.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
    items.forEach((li, i) => li.classList.toggle('active', i === active));
    e.preventDefault();
  } else if (e.key === 'Enter') {
    const pick = items[active >= 0 ? active : 0];
    if (pick) pick.click(); else if ($('search').value.trim()) open($('search').value.trim());
  } else if (e.key === 'Escape') {
    fill($('suggestions'));
  }
});

async function suggest() {
  const text = $('search').value.trim();
  active = -1;
  if (!text || articleMode()) { fill($('suggestions')); return; }
  try {
    const v = await api('/api/entities', new URLSearchParams({ match: text, limit: 12 }));
    fill($('suggestions'), ...v.entities.map((e) => el('li', {
      role: 'option', 'data-id': e.id,
      onclick: () => { fill($('suggestions')); $('search').value = e.name; open(e.id); },
    }, e.name + ' ', el('span', { class: 'type' }, `${e.type}, ${e.articles} article${e.articles === 1 ? '' : 's'}`))));
  } catch (e) { message(e.message); }
}

// --- filters -----------------------------------------------------------------------------

// What shows of what is loaded: the types ticked; the edges with at least `min-articles`
// articles; of those, each expanded entity's `top-n` best supported (ties by name); the
// nodes those edges reach, the expanded entities and a path found. A path's edges always show.
// (What shows is what has no class `hidden`: cytoscape's ':visible' lags a class change.)
function applyView() {
  const off = new Set([...document.querySelectorAll('#type-filters input:not(:checked)')].map((i) => i.value));
  const min = Number($('min-articles').value) || 1;
  const top = $('top-n').value === 'all' ? Infinity : Number($('top-n').value);
  const typed = (n) => !off.has(n.data('type'));
  const passes = (e) => e.hasClass('path') || ((e.data('articles') || 1) >= min && typed(e.source()) && typed(e.target()));
  const keep = new Set();
  for (const id of state.expanded) {
    const other = (e) => (e.data('source') === id ? e.target() : e.source()).data('name');
    const ranked = cy.getElementById(id).connectedEdges().filter(passes)
      .sort((a, b) => (b.data('articles') || 1) - (a.data('articles') || 1) || other(a).localeCompare(other(b)));
    ranked.slice(0, top).forEach((e) => keep.add(e.id()));
  }
  cy.edges().forEach((e) => {
    const touches = state.expanded.includes(e.data('source')) || state.expanded.includes(e.data('target'));
    if (e.hasClass('path') || (!touches && passes(e))) keep.add(e.id());
    e.toggleClass('hidden', !keep.has(e.id()));
  });
  cy.nodes().forEach((n) => {
    const reached = n.connectedEdges().some((e) => keep.has(e.id()));
    const shown = (typed(n) && (reached || state.expanded.includes(n.id()))) || n.hasClass('path');
    n.toggleClass('hidden', !shown);
  });
  const shownNodes = cy.nodes().not('.hidden');
  const best = new Set(shownNodes.length > MANY_NODES
    ? shownNodes.sort((a, b) => b.data('articles') - a.data('articles')).slice(0, LABELLED).map((n) => n.id())
    : shownNodes.map((n) => n.id()));
  cy.nodes().forEach((n) => n.toggleClass('quiet', !best.has(n.id()) && !n.hasClass('center') && !n.hasClass('path')));
  const edges = cy.edges().not('.hidden').length;
  cy.edges().forEach((e) => e.toggleClass('labelled', edges <= EDGE_LABELS));
  const total = cy.edges().length;
  $('shown').textContent = total ? `Drawn: ${count(cy.nodes().not('.hidden').length, 'entity', 'entities')}, ${edges} of ${count(total, 'relation')}.` : '';
}

// The slider reaches the best supported edge loaded.
function updateRange() {
  const most = cy.edges().reduce((m, e) => Math.max(m, e.data('articles') || 1), 1);
  $('min-articles').max = String(most);
  if (Number($('min-articles').value) > most) $('min-articles').value = String(most);
  $('min-articles-value').textContent = $('min-articles').value;
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
$('min-articles').addEventListener('input', () => { $('min-articles-value').textContent = $('min-articles').value; });
$('min-articles').addEventListener('change', layout);
$('top-n').addEventListener('change', layout);

async function loadFilters() {
  const stats = await api('/api/stats', new URLSearchParams());
  state.relations = Object.keys(stats.relations.by_type);
  // Each relation with the colour of its edges: the filter is the legend too.
  fill($('relation-filters'), ...state.relations.map((r) =>
    el('label', { 'data-relation': r }, el('input', { type: 'checkbox', value: r, checked: '', onchange: reload }), ' ',
      el('span', { class: 'line', style: `border-top-color:${relationColor(r)}` }), r)));
  fill($('type-filters'), ...Object.keys(stats.entities.by_type).map((t) =>
    el('label', {}, el('input', { type: 'checkbox', value: t, checked: '', onchange: layout }), ' ',
      el('span', { class: 'swatch', style: `background:${(TYPES[t] || TYPES.concept).color}` }), t)));
}

// --- paths -------------------------------------------------------------------------------

$('path-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = params({ from: $('path-from').value.trim(), to: $('path-to').value.trim(), max_depth: $('path-hops').value });
  const rel = relationFilter();
  if (rel) q.set('relation', rel);
  try {
    const v = await api('/api/path', q);
    cy.elements().removeClass('path');
    if (!v.paths.length) { message(`No path from ${v.from.name} to ${v.to.name} within ${count(v.max_depth, 'hop')}.`); return; }
    const p = v.paths[0];
    p.nodes.forEach(addNode);
    p.edges.forEach((edge) => addEdge(edge.source, edge.relation, edge.target, { asserted: edge.asserted }));
    p.nodes.forEach((n) => cy.getElementById(n.id).addClass('path'));
    p.edges.forEach((edge) => {
      cy.getElementById(edgeId(edge.source, edge.relation, edge.target)).addClass('path');
    });
    layout();
    message(`Path: ${p.nodes.map((n) => n.name).join(' → ')} (${p.edges.length} hop${p.edges.length === 1 ? '' : 's'})`);
  } catch (err) {
    // A suggestion for an unknown end replaces that end, and the path is asked again.
    const wrong = (/unknown entity "(.*)"/.exec(err.message) || [])[1];
    fail(err, (name) => {
      const field = $('path-from').value.trim() === wrong ? 'path-from' : 'path-to';
      $(field).value = name;
      $('path-form').requestSubmit();
    });
  }
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
    entities: cy.nodes().not('.hidden').map((n) => ({ id: n.id(), name: n.data('name'), type: n.data('type') })),
    relations: cy.edges().not('.hidden').map((e) => ({ source: e.data('source'), relation: e.data('relation'), target: e.data('target'),
      articles: e.data('articles'), first_seen: e.data('first_seen'), last_seen: e.data('last_seen') })),
  };
}

function xml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]));
}

// An SVG of what is drawn, from cytoscape's positions: lines (colour, width and dashes as
// drawn), shapes sized as drawn, and labels under them.
function viewSvg() {
  const box = cy.elements().not('.hidden').boundingBox();
  const pad = 20, w = Math.ceil(box.w + 2 * pad), h = Math.ceil(box.h + 2 * pad);
  const x = (v) => (v - box.x1 + pad).toFixed(1), y = (v) => (v - box.y1 + pad).toFixed(1);
  const colors = [...new Set(cy.edges().not('.hidden').map((e) => e.data('color')))];
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="Helvetica, Arial, sans-serif">`,
    '<defs>' + colors.map((c, i) => `<marker id="arrow${i}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`).join('') + '</defs>',
    `<rect width="${w}" height="${h}" fill="white"/>`];
  cy.edges().not('.hidden').forEach((e) => {
    const s = e.sourceEndpoint(), t = e.targetEndpoint(), m = e.midpoint(), c = e.data('color');
    const arrow = e.data('symmetric') ? '' : ` marker-end="url(#arrow${colors.indexOf(c)})"`;
    const dash = e.hasClass('asserted') ? ' stroke-dasharray="7,4"' : '';
    out.push(`<line x1="${x(s.x)}" y1="${y(s.y)}" x2="${x(t.x)}" y2="${y(t.y)}" stroke="${c}" stroke-width="${Number(e.data('width')).toFixed(1)}"${dash}${arrow}/>`);
    if (e.hasClass('labelled')) out.push(`<text x="${x(m.x)}" y="${y(m.y)}" font-size="${EDGE_FONT}" fill="#333" text-anchor="middle">${xml(e.data('label'))}</text>`);
  });
  cy.nodes().not('.hidden').forEach((n) => {
    const p = n.position(), r = n.width() / 2;
    const fill = n.data('color');
    out.push(n.data('shape') === 'ellipse'
      ? `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="${r.toFixed(1)}" fill="${fill}" stroke="#666"/>`
      : `<rect x="${x(p.x - r)}" y="${y(p.y - r)}" width="${(2 * r).toFixed(1)}" height="${(2 * r).toFixed(1)}" rx="4" fill="${fill}" stroke="#666"/>`);
    out.push(`<text x="${x(p.x)}" y="${y(p.y + r + NODE_FONT)}" font-size="${NODE_FONT}" text-anchor="middle">${xml(n.data('name'))}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
window.kgViewSvg = viewSvg;
window.kgViewJson = viewJson;

$('download-json').addEventListener('click', () => save(new Blob([JSON.stringify(viewJson(), null, 2)], { type: 'application/json' }), 'kg-view.json'));
$('download-svg').addEventListener('click', () => save(new Blob([viewSvg()], { type: 'image/svg+xml' }), 'kg-view.svg'));
$('download-png').addEventListener('click', () => save(cy.png({ output: 'blob', full: true, bg: 'white', scale: 2 }), 'kg-view.png'));
$('clear').addEventListener('click', () => { cy.elements().remove(); state.expanded = []; message(''); $('shown').textContent = ''; });

// --- start ---------------------------------------------------------------------------------

// What the shapes, sizes, widths and dashes say (the relations' colours are by their filters).
fill($('legend'),
  el('div', {}, el('span', { class: 'line dashed' }), 'asserted by an analyst'),
  el('div', { class: 'hint' }, 'Node size and edge width follow the articles. Shapes: ' +
    Object.entries(TYPES).map(([t, st]) => `${t} ${st.shape}`).join(', ') + '.'));
loadFilters().catch((e) => message('Cannot reach kg: ' + e.message));
// A link can name where to start: /?entity=Putin
const start = new URLSearchParams(location.search).get('entity');
if (start) open(start);
