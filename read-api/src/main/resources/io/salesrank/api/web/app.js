// The page at /: the server renders the list into the HTML (docs/read-api.md), so it reads without
// this script. The script adds what needs one: each row's rank-over-time chart from
// /api/v1/products/{id}/history, times in the reader's own zone, a filter over the category list,
// and showing a category as soon as it is chosen. Works against an API without /history (the chart
// then shows the current rank alone).
'use strict';

const API = '/api/v1';
const TOP = 20;
const SVG = 'http://www.w3.org/2000/svg';
const CHART_W = 168;
const GUTTER = 32; // the scale: rank 1 at the top, the lowest rank shown at the bottom
const CHART_H = 40;
const PAD = 5;

const el = (id) => document.getElementById(id);

async function getJson(path) {
  const response = await fetch(API + path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((body && body.message) || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

function svg(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  return node;
}

/** Rank over time, rank 1 at the top; a gap where the product was not in the list. */
function chart(points, note) {
  const chartSvg = svg('svg', {
    class: 'chart', width: CHART_W, height: CHART_H, viewBox: `0 0 ${CHART_W} ${CHART_H}`, role: 'img',
  });
  const ranked = points.filter((p) => p.rank !== null);
  // One scale for every row (rank 1 to the page's last, or lower), so charts compare at a glance.
  const worst = Math.max(TOP, ...ranked.map((p) => p.rank));
  const times = points.map((p) => Date.parse(p.as_of));
  const first = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - first);
  const x = (t) => (points.length === 1 ? CHART_W - PAD : GUTTER + PAD + ((t - first) / span) * (CHART_W - GUTTER - 2 * PAD));
  const y = (rank) => PAD + ((rank - 1) / (worst - 1)) * (CHART_H - 2 * PAD);
  chartSvg.appendChild(svg('line', { x1: GUTTER, y1: PAD, x2: CHART_W, y2: PAD }));
  chartSvg.appendChild(svg('line', { x1: GUTTER, y1: CHART_H - PAD, x2: CHART_W, y2: CHART_H - PAD }));
  for (const [rank, at] of [[1, PAD], [worst, CHART_H - PAD]]) {
    const label = svg('text', { x: GUTTER - 3, y: at + 3, 'text-anchor': 'end' });
    label.textContent = '#' + rank;
    chartSvg.appendChild(label);
  }
  let d = '';
  let pen = 'M';
  points.forEach((p, i) => {
    if (p.rank === null) {
      pen = 'M';
      return;
    }
    d += `${pen}${x(times[i]).toFixed(1)} ${y(p.rank).toFixed(1)} `;
    pen = 'L';
  });
  chartSvg.appendChild(svg('path', { d: d.trim() }));
  const last = points[points.length - 1];
  if (last.rank !== null) {
    chartSvg.appendChild(svg('circle', { cx: x(times[times.length - 1]), cy: y(last.rank), r: 2.5 }));
  }
  const title = svg('title', {});
  title.textContent = ranked.length
    ? `rank ${ranked.map((p) => p.rank).join(' → ')}${note ? ' (' + note + ')' : ''}`
    : 'not ranked';
  chartSvg.appendChild(title);
  return chartSvg;
}

async function rankChart(productId, categoryId, ranking, rank, asOf) {
  try {
    const h = await getJson(`/products/${encodeURIComponent(productId)}/history?category_id=${encodeURIComponent(categoryId)}`
      + `&ranking=${encodeURIComponent(ranking)}`);
    if (h.points && h.points.length) {
      return chart(h.points, '');
    }
  } catch (e) {
    // An API without /history: the current rank alone.
  }
  return chart([{ as_of: asOf, rank }], 'current rank only');
}

/** Each <time> in the reader's zone; the UTC instant stays on hover. */
function localTimes() {
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  for (const t of document.querySelectorAll('time[datetime]')) {
    const at = Date.parse(t.getAttribute('datetime'));
    if (!Number.isNaN(at)) {
      t.title = t.textContent;
      t.textContent = format.format(at);
    }
  }
}

/** The category list narrowed to what the filter box holds; the chosen one always stays. */
function categoryFilter() {
  const filter = el('filter');
  const select = el('category');
  filter.hidden = false;
  filter.addEventListener('input', () => {
    const wanted = filter.value.trim().toLowerCase();
    for (const option of select.options) {
      option.hidden = wanted !== '' && !option.selected && !option.textContent.toLowerCase().includes(wanted);
    }
  });
  filter.addEventListener('keydown', (event) => {
    // Enter picks the first category left in the list.
    if (event.key === 'Enter') {
      event.preventDefault();
      const first = Array.from(select.options).find((o) => !o.hidden && !o.selected);
      if (first) {
        select.value = first.value;
        el('choose').submit();
      }
    }
  });
  select.addEventListener('change', () => el('choose').submit());
  // With the Show button hidden, choosing another named ranking shows it at once too.
  const names = el('ranking-name');
  if (names) {
    names.addEventListener('change', () => el('choose').submit());
  }
  el('show').hidden = true;
}

async function charts() {
  const body = document.body;
  const category = body.dataset.category;
  const ranking = body.dataset.ranking;
  const asOf = body.dataset.asOf;
  const cells = Array.from(document.querySelectorAll('#ranking tbody tr[data-product]'));
  await Promise.all(cells.map(async (row) => {
    const cell = row.querySelector('td.chart');
    if (cell) {
      cell.replaceChildren(await rankChart(row.dataset.product, category, ranking, Number(row.dataset.rank), asOf));
    }
  }));
}

async function start() {
  document.body.dataset.state = 'loading';
  localTimes();
  categoryFilter();
  await charts();
  document.body.dataset.state = 'ready';
}

start();
