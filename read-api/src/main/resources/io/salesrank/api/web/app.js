// The page at /: reads /api/v1 (categories, popular, products/{id}/history) and nothing else.
// Works without previous_rank (no change shown) and without /history (the chart shows the
// current rank alone), as served by an API that predates them.
'use strict';

const API = '/api/v1';
const TOP = 20;
const SVG = 'http://www.w3.org/2000/svg';
const CHART_W = 140;
const CHART_H = 36;
const PAD = 4;

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

function categoryLabel(c) {
  return c.category_id === '*' ? 'Overall' : c.category_id;
}

/** "↑3", "↓1", "new", "=" from previous_rank; nothing when the API does not send it. */
function rankChange(item) {
  const cell = document.createElement('td');
  if (!('previous_rank' in item)) {
    return cell;
  }
  if (item.previous_rank === null) {
    cell.textContent = 'new';
    cell.className = 'new';
  } else {
    const rose = item.previous_rank - item.rank;
    cell.textContent = rose > 0 ? '↑' + rose : rose < 0 ? '↓' + -rose : '=';
    cell.className = rose > 0 ? 'up' : rose < 0 ? 'down' : 'same';
    cell.title = 'rank ' + item.previous_rank + ' before';
  }
  return cell;
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
  const x = (t) => (points.length === 1 ? CHART_W - PAD : PAD + ((t - first) / span) * (CHART_W - 2 * PAD));
  const y = (rank) => PAD + ((rank - 1) / (worst - 1)) * (CHART_H - 2 * PAD);
  chartSvg.appendChild(svg('line', { x1: 0, y1: PAD, x2: CHART_W, y2: PAD }));
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

async function rankChart(productId, categoryId, item, asOf) {
  try {
    const h = await getJson(`/products/${encodeURIComponent(productId)}/history?category_id=${encodeURIComponent(categoryId)}`);
    if (h.points && h.points.length) {
      return chart(h.points, '');
    }
  } catch (e) {
    // An API without /history: the current rank alone.
  }
  return chart([{ as_of: asOf, rank: item.rank }], 'current rank only');
}

async function showCategory(categoryId) {
  const table = el('ranking');
  const body = table.querySelector('tbody');
  document.body.dataset.state = 'loading';
  el('message').textContent = 'Loading…';
  el('message').className = '';
  try {
    const page = await getJson(`/popular?category_id=${encodeURIComponent(categoryId)}&limit=${TOP}`);
    const policy = page.policy.kind === 'window'
      ? `${page.policy.window_hours} h window`
      : `decay, half-life ${page.policy.half_life_hours} h over ${page.policy.lookback_hours} h`;
    el('about').textContent = `as of ${page.as_of} · ${policy}`
      + (page.policy.metric ? ` · by ${page.policy.metric}` : '')
      + (page.policy.fallback ? ' · fallback span' : '')
      + (page.compared_to ? ` · changes since ${page.compared_to}` : '');
    const rows = await Promise.all(page.items.map(async (item) => {
      const row = document.createElement('tr');
      row.dataset.product = item.product_id;
      const rank = document.createElement('td');
      rank.className = 'num';
      rank.textContent = item.rank;
      const product = document.createElement('td');
      product.textContent = item.product_id;
      const sold = document.createElement('td');
      sold.className = 'num';
      sold.textContent = item.total_sold.toLocaleString('en');
      const trend = document.createElement('td');
      trend.appendChild(await rankChart(item.product_id, categoryId, item, page.as_of));
      row.append(rank, rankChange(item), product, sold, trend);
      return row;
    }));
    body.replaceChildren(...rows);
    table.hidden = rows.length === 0;
    el('message').textContent = rows.length ? '' : 'No products in this ranking.';
  } catch (e) {
    table.hidden = true;
    el('message').textContent = e.status === 503 ? 'Nothing has been published yet; try again shortly.' : `Could not load the ranking: ${e.message}`;
    el('message').className = 'error';
  }
  document.body.dataset.state = 'ready';
}

async function start() {
  const select = el('category');
  try {
    const { categories } = await getJson('/categories');
    for (const c of categories) {
      select.add(new Option(categoryLabel(c) + ` (${c.products})`, c.category_id));
    }
    const wanted = new URLSearchParams(location.search).get('category_id');
    select.value = categories.some((c) => c.category_id === wanted) ? wanted : categories.length ? categories[0].category_id : '';
    select.disabled = false;
    select.addEventListener('change', () => {
      history.replaceState(null, '', '?category_id=' + encodeURIComponent(select.value));
      showCategory(select.value);
    });
    await showCategory(select.value);
  } catch (e) {
    el('message').textContent = e.status === 503 ? 'Nothing has been published yet; try again shortly.' : `Could not load the categories: ${e.message}`;
    el('message').className = 'error';
    document.body.dataset.state = 'ready';
  }
}

start();
