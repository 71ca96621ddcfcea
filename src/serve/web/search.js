// kg's web page, the search box's second mode: the text of the articles (GET /api/search,
// kg search's BM25 over titles and text), besides the entities (app.js). The hits go to the
// side panel: rank, date, title, a source link, the snippet with the words found marked; a
// click on a hit shows its best sentences. Loaded after app.js, whose $, el, fill, api,
// params, count, articleLink and articleMode it uses. Article text is untrusted: it only ever goes into
// text nodes (el/fill), never into markup.
'use strict';

// Hits asked for at once: a page of reading, not a dump.
const SEARCH_LIMIT = 20;
const PLACEHOLDERS = {
  entities: 'Search an entity (name, alias or id)',
  articles: 'Search article text: words, "a phrase", -word, a OR b',
};

// `text` with the characters in `highlights` ([start, end) in Unicode scalars, as kg counts
// them) each in a <mark>. Array.from splits by scalar, not by UTF-16 unit, so that an
// emoji or a rare script before a highlight does not shift it. Ranges out of order,
// overlapping or past the end are clamped or skipped rather than trusted.
function marked(span) {
  const chars = Array.from((span && span.text) || '');
  const parts = [];
  let at = 0;
  const ranges = ((span && span.highlights) || []).filter((r) => Array.isArray(r) && r.length === 2)
    .map(([s, e]) => [Math.max(0, Number(s) || 0), Math.min(chars.length, Number(e) || 0)])
    .sort((a, b) => a[0] - b[0]);
  for (const [start, end] of ranges) {
    if (start < at || end <= start) continue;
    if (start > at) parts.push(chars.slice(at, start).join(''));
    parts.push(el('mark', {}, chars.slice(start, end).join('')));
    at = end;
  }
  if (at < chars.length) parts.push(chars.slice(at).join(''));
  return parts;
}

// One hit: what it is, where it is from, the snippet; a click shows or hides its best
// sentences under it.
function hitView(hit, rank) {
  const sentences = el('div', { class: 'hit-sentences', hidden: '' },
    el('div', { class: 'meta' }, 'Best sentences:'),
    ...(hit.sentences || []).map((s) => el('blockquote', {}, ...marked(s))));
  const title = hit.title || hit.id;
  const view = el('div', { class: 'hit', 'data-id': hit.id },
    el('div', {}, el('span', { class: 'rank' }, `${rank}.`), ' ', el('strong', { class: 'hit-title' }, title)),
    el('div', { class: 'meta' }, `${hit.date || 'undated'} · ${hit.id} `, articleLink(hit.url)),
    el('div', { class: 'snippet' }, ...marked(hit.snippet)),
    sentences);
  view.addEventListener('click', (e) => {
    if (e.target.closest('a')) return; // the source link opens, nothing more
    if ((hit.sentences || []).length) sentences.hidden = !sentences.hidden;
  });
  return view;
}

// Searches the articles' text for what the box holds, within the date filters; the hits,
// "nothing found" or the server's refusal (a query that does not parse) in the side panel.
async function searchArticles() {
  const q = $('search').value.trim();
  const panel = $('evidence');
  if (!q) { fill(panel, el('p', { class: 'hint' }, 'Type words or "a phrase" to search the articles.')); return; }
  const query = params({ q, limit: SEARCH_LIMIT });
  fill(panel, el('p', { class: 'hint' }, `Searching for ${q}…`));
  try {
    const v = await api('/api/search', query);
    if (!v.hits.length) {
      fill(panel, el('h3', {}, 'Articles'), el('p', { class: 'search-empty' }, `No article matches “${v.query}”.`));
      return;
    }
    fill(panel,
      el('h3', {}, `Articles matching “${v.query}”`),
      el('div', { class: 'meta' }, `${count(v.hits.length, 'article')}, best first${v.hits.length === SEARCH_LIMIT ? ' (the first ' + SEARCH_LIMIT + ')' : ''}. Click one for its best sentences.`),
      ...v.hits.map((hit, i) => hitView(hit, i + 1)));
  } catch (e) {
    fill(panel, el('h3', {}, 'Articles'), el('p', { class: 'error search-error' }, e.message));
  }
}

// The mode: the box's hint follows it; entering the articles' mode with words in the box
// searches them at once; the entities' suggestions close.
$('search-mode').addEventListener('change', () => {
  const mode = articleMode() ? 'articles' : 'entities';
  $('search').placeholder = PLACEHOLDERS[mode];
  $('search').setAttribute('aria-label', mode === 'articles' ? 'Search article text' : 'Search an entity');
  fill($('suggestions'));
  if (mode === 'articles' && $('search').value.trim()) searchArticles();
  $('search').focus();
});
$('search').addEventListener('keydown', (e) => {
  if (articleMode() && e.key === 'Enter') { e.preventDefault(); searchArticles(); }
});
window.kgSearchArticles = searchArticles; // for scripts and tests
