// kg's web page, the meetings of the selected entity (issue 28): a panel under the graph with
// a list of its meetings, newest first (date, "(article date)" when no sentence said when,
// place, everyone in the room, and the sentences behind each), a map of their places, and a
// timeline slider that keeps the list and the map to the meetings up to a date, or in one
// month. A place's meetings are those held there. Everything comes from GET /api/meetings
// (as `kg meetings --format json`; a place carries its lat and lon when kg's gazetteer knows
// it) and the world outline from /assets/world-land.json (Natural Earth, converted by
// scripts/build_world_outline.py into the map's own coordinates): no tiles, no request to
// anything but kg itself.
//
// The panel opens and closes at its bar, never by itself, so that the graph keeps its size
// while an analyst clicks from node to node. Loaded after app.js, whose $, el, fill, api,
// params, count, sentence, fit, open and cy it uses; app.js announces each entity it shows
// with a `kg:entity` event. Text from the store only ever goes into text nodes and
// attributes (el, textContent), never into markup.
'use strict';

// Its names stay inside this function: app.js, correct.js and search.js share the page's.
(() => {
const SVG = 'http://www.w3.org/2000/svg';
// The outline's box: equirectangular, x = longitude + 180, y = 90 - latitude.
const WORLD = { width: 360, height: 180 };
// Most meetings asked for at once: the newest, the panel says when more exist.
const MEETINGS_LIMIT = 500;
// Places named beside their dots up to this many; past it, in their tooltips only.
const NAMED_PLACES = 15;

// `loaded`: the id of the entity whose meetings `list` holds; `token`: the latest question.
const meetings = { entity: null, loaded: null, list: [], total: 0, stops: [], places: new Map(), land: null, picked: null, token: 0 };

const project = (lat, lon) => ({ x: lon + 180, y: 90 - lat });
const placed = (m) => m.venue && Number.isFinite(m.venue.lat) && Number.isFinite(m.venue.lon);

function svgEl(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}

// --- opening, closing, loading -------------------------------------------------------------

function isOpen() {
  return !$('meetings-body').hidden;
}

function setOpen(open_) {
  $('meetings-body').hidden = !open_;
  $('meetings-toggle').setAttribute('aria-expanded', String(open_));
  // The graph's box changed: cytoscape measures it again, and what is drawn is fitted to it.
  cy.resize();
  fit();
  if (open_) load();
}

function label() {
  const m = meetings;
  const who = m.entity ? ` of ${m.entity.name}` : '';
  const n = m.entity && m.loaded === m.entity.id ? `: ${m.total}` : '';
  $('meetings-toggle').textContent = `${isOpen() ? '▾' : '▸'} Meetings${who}${n}`;
}

// Asks the server for the selected entity's meetings, unless they are loaded. An answer to
// an older question (the analyst clicked on) is dropped.
async function load() {
  label();
  const entity = meetings.entity;
  if (!entity) $('meetings-when').textContent = 'Search or click an entity to list its meetings.';
  if (!entity || !isOpen() || meetings.loaded === entity.id) return;
  const token = ++meetings.token;
  fill($('meetings-status'), 'Loading…');
  try {
    // A place's meetings are those held there; anyone else's, those they were at.
    const ask = entity.type === 'place' ? { where: entity.id } : { entity: entity.id };
    const [view] = await Promise.all([
      api('/api/meetings', params({ ...ask, limit: MEETINGS_LIMIT })),
      meetings.land ? null : loadLand(),
    ]);
    if (token !== meetings.token) return;
    Object.assign(meetings, { list: view.meetings, total: view.total, loaded: entity.id, picked: null });
    build();
  } catch (e) {
    if (token === meetings.token) fill($('meetings-status'), el('span', { class: 'error' }, e.message));
  }
  label();
}

async function loadLand() {
  try {
    const response = await fetch('/assets/world-land.json');
    meetings.land = (await response.json()).d;
  } catch (e) {
    meetings.land = '';
  }
}

// --- the list, the map and the slider ------------------------------------------------------

function build() {
  const list = meetings.list;
  // The slider's stops: every date a meeting has, oldest first (a month or a year alone sorts
  // before the days in it). Undated meetings show only at the last stop, with everything.
  meetings.stops = [...new Set(list.map((m) => m.date).filter(Boolean))].sort();
  const slider = $('meetings-time');
  slider.max = String(Math.max(0, meetings.stops.length - 1));
  slider.value = slider.max;
  slider.disabled = meetings.stops.length < 2;
  fill($('meetings-list'), ...list.map(item));
  drawMap();
  applyTime();
}

function item(m, i) {
  const names = m.participants.flatMap((p, k) => [k ? ', ' : null,
    el('a', { href: '#', 'data-id': p.id, onclick: (e) => { e.preventDefault(); open(p.id); } }, p.name)]);
  const li = el('li', { class: 'meeting', 'data-index': i, 'data-venue': m.venue ? m.venue.id : '' },
    el('div', { class: 'meeting-head' },
      el('span', { class: 'meeting-date' }, m.date || 'undated'),
      m.date_is_article_date ? el('span', { class: 'article-date', title: 'No sentence said when: the date of the article' }, ' (article date)') : null,
      ' · ',
      el('span', { class: m.venue ? 'meeting-venue' : 'meeting-venue muted' }, m.venue ? m.venue.name : 'no place given')),
    el('div', { class: 'meeting-who' }, ...names),
    el('details', {},
      el('summary', {}, `${count(m.evidence.length, 'sentence')}, ${count(m.articles.length, 'article')}`),
      ...m.evidence.map((ev) => sentence(ev))));
  li.addEventListener('mouseenter', () => dotOf(m) && dotOf(m).classList.add('hover'));
  li.addEventListener('mouseleave', () => dotOf(m) && dotOf(m).classList.remove('hover'));
  return li;
}

const dotOf = (m) => (m.venue ? $('meetings-map').querySelector(`circle.venue[data-venue="${CSS.escape(m.venue.id)}"]`) : null);

// The part of the world the places are in, with room around them, in the shape of the map's
// box (so that no strip of it is left without land): the whole world less Antarctica when
// there is no place.
function frame(points, aspect) {
  let [x1, y1, x2, y2] = points.length
    ? [Math.min(...points.map((p) => p.x)), Math.min(...points.map((p) => p.y)),
      Math.max(...points.map((p) => p.x)), Math.max(...points.map((p) => p.y))]
    : [0, 0, WORLD.width, 150];
  const pad = points.length ? 12 : 0;
  let w = Math.max(x2 - x1 + 2 * pad, 60), h = Math.max(y2 - y1 + 2 * pad, 30);
  if (w / h < aspect) w = h * aspect; else h = w / aspect;
  w = Math.min(w, WORLD.width);
  h = Math.min(h, WORLD.height);
  const cx = (x1 + x2) / 2, cy_ = (y1 + y2) / 2;
  const x = Math.max(0, Math.min(WORLD.width - w, cx - w / 2)), y = Math.max(0, Math.min(WORLD.height - h, cy_ - h / 2));
  return { x, y, w, h };
}

// The outline, and one dot per place with coordinates (its tooltip: the place, then each
// meeting's date and who was there). The frame holds every place of the entity's meetings,
// so that the slider never moves the map.
function drawMap() {
  const map = $('meetings-map');
  const places = new Map();
  meetings.list.forEach((m, i) => {
    if (!placed(m)) return;
    const p = places.get(m.venue.id) || { venue: m.venue, at: project(m.venue.lat, m.venue.lon), meetings: [] };
    p.meetings.push(i);
    places.set(m.venue.id, p);
  });
  meetings.places = places;
  const box = map.getBoundingClientRect();
  const f = frame([...places.values()].map((p) => p.at), box.width && box.height ? box.width / box.height : 2);
  map.setAttribute('viewBox', `${f.x.toFixed(2)} ${f.y.toFixed(2)} ${f.w.toFixed(2)} ${f.h.toFixed(2)}`);
  const unit = f.w / 100;
  const parts = [svgEl('rect', { class: 'sea', x: 0, y: 0, width: WORLD.width, height: WORLD.height })];
  if (meetings.land) parts.push(svgEl('path', { class: 'land', d: meetings.land }));
  const named = places.size <= NAMED_PLACES;
  for (const [id, p] of places) {
    const dot = svgEl('circle', { class: id === meetings.picked ? 'venue picked' : 'venue', 'data-venue': id, 'data-lat': p.venue.lat, 'data-lon': p.venue.lon,
      cx: p.at.x.toFixed(2), cy: p.at.y.toFixed(2), r: (unit * (1 + 0.35 * Math.log2(p.meetings.length))).toFixed(2) });
    dot.append(svgEl('title'));
    dot.addEventListener('click', () => pick(id));
    parts.push(dot);
    if (named) {
      const text = svgEl('text', { class: 'venue-name', 'data-venue': id, x: (p.at.x + 1.6 * unit).toFixed(2),
        y: (p.at.y + 0.7 * unit).toFixed(2), 'font-size': (2.8 * unit).toFixed(2) });
      text.textContent = p.venue.name;
      parts.push(text);
    }
  }
  map.replaceChildren(...parts);
  const unplaced = meetings.list.filter((m) => m.venue && !placed(m)).length;
  fill($('meetings-note'), unplaced ? `${count(unplaced, 'meeting')} at a place the map does not know.` : null);
}

// Whether meeting `m` is in the time the slider and its mode give.
function inTime(m, stop, mode) {
  if (stop === null) return true;
  if (!m.date) return mode === 'upto' && stop === meetings.stops[meetings.stops.length - 1];
  return mode === 'month' ? m.date.startsWith(stop.slice(0, 7)) : m.date <= stop;
}

// Keeps the list and the dots to the meetings in the chosen time, and says what is shown.
function applyTime() {
  const stops = meetings.stops;
  const mode = $('meetings-mode').value;
  const stop = stops.length ? stops[Number($('meetings-time').value)] : null;
  const shown = meetings.list.map((m) => inTime(m, stop, mode));
  $('meetings-list').querySelectorAll('li.meeting').forEach((li) => li.classList.toggle('out', !shown[Number(li.dataset.index)]));
  for (const [id, p] of meetings.places || []) {
    const mine = p.meetings.filter((i) => shown[i]);
    const dot = $('meetings-map').querySelector(`circle.venue[data-venue="${CSS.escape(id)}"]`);
    dot.classList.toggle('out', !mine.length);
    const label_ = $('meetings-map').querySelector(`text.venue-name[data-venue="${CSS.escape(id)}"]`);
    if (label_) label_.classList.toggle('out', !mine.length);
    dot.querySelector('title').textContent = [p.venue.name, ...mine.map((i) => {
      const m = meetings.list[i];
      return `${m.date || 'undated'}: ${m.participants.map((x) => x.name).join(', ')}`;
    })].join('\n');
  }
  const n = shown.filter(Boolean).length;
  const when = stop === null ? '' : mode === 'month' ? ` in ${stop.slice(0, 7)}` : ` up to ${stop}`;
  const more = meetings.total > meetings.list.length ? ` (the newest ${meetings.list.length} of ${meetings.total})` : '';
  $('meetings-when').textContent = meetings.list.length
    ? `${n} of ${count(meetings.list.length, 'meeting')}${when}${more}`
    : `No meetings of ${meetings.entity ? meetings.entity.name : 'this entity'} found.`;
  fill($('meetings-status'));
}

// A click on a dot marks its meetings in the list and shows the first; a second click unmarks.
function pick(id) {
  meetings.picked = meetings.picked === id ? null : id;
  $('meetings-map').querySelectorAll('circle.venue').forEach((d) => d.classList.toggle('picked', d.dataset.venue === meetings.picked));
  const items = [...$('meetings-list').querySelectorAll('li.meeting')];
  items.forEach((li) => li.classList.toggle('picked', li.dataset.venue === meetings.picked));
  const first = items.find((li) => li.classList.contains('picked') && !li.classList.contains('out'));
  if (first) first.scrollIntoView({ block: 'nearest' });
}

// --- wiring --------------------------------------------------------------------------------

document.addEventListener('kg:entity', (e) => {
  const { id, name, type } = e.detail;
  // The same entity shown again (after a correction or a date filter) is asked again.
  Object.assign(meetings, { entity: { id, name, type }, loaded: null, list: [], total: 0 });
  fill($('meetings-list'));
  load();
});
$('meetings-toggle').addEventListener('click', () => setOpen(!isOpen()));
$('meetings-time').addEventListener('input', applyTime);
$('meetings-mode').addEventListener('change', applyTime);
$('clear').addEventListener('click', () => {
  Object.assign(meetings, { entity: null, loaded: null, list: [], total: 0, places: new Map(), picked: null });
  fill($('meetings-list'));
  $('meetings-map').replaceChildren();
  load();
});
window.addEventListener('resize', () => { if (isOpen() && meetings.loaded) { drawMap(); applyTime(); } });
label();
})();
