// Console: usage per day and per model as SVG bar charts, the month's budget as a gauge, and the CSV export
// (GET /api/v1/billing/usage, /usage.csv, /budget). The charts are drawn by hand: a few rects need no library.

import {api, request, query} from '../api.js';
import {h, s, field, replace, money, amountOf} from '../dom.js';

function monthStart() {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

/** A bar chart of rows: each bar stacks input and output tokens; the label under it is the row's key. */
export function barChart(rows, {title, label = row => row.key}) {
  const width = 640;
  const height = 220;
  const pad = {left: 56, right: 12, top: 24, bottom: 48};
  const max = Math.max(1, ...rows.map(row => row.inputTokens + row.outputTokens));
  const band = (width - pad.left - pad.right) / Math.max(rows.length, 1);
  const bar = Math.max(4, Math.min(48, band * 0.7));
  const y = value => pad.top + (height - pad.top - pad.bottom) * (1 - value / max);
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': title},
    s('title', {}, title),
    s('line', {x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0), class: 'axis'}),
    [0, 0.5, 1].map(f => [
      s('line', {x1: pad.left, x2: width - pad.right, y1: y(max * f), y2: y(max * f), class: 'grid-line'}),
      s('text', {x: pad.left - 6, y: y(max * f) + 4, 'text-anchor': 'end', class: 'tick'}, Math.round(max * f).toLocaleString())]),
    rows.map((row, i) => {
      const x = pad.left + band * i + (band - bar) / 2;
      const total = row.inputTokens + row.outputTokens;
      return s('g', {class: 'bar', 'data-key': row.key},
        s('title', {}, `${label(row)}: ${row.requests} requests, ${row.inputTokens} in + ${row.outputTokens} out tokens, cost ${money(row.cost, row.currency)}`),
        s('rect', {x, width: bar, y: y(row.inputTokens), height: y(0) - y(row.inputTokens), class: 'input'}),
        s('rect', {x, width: bar, y: y(total), height: y(row.inputTokens) - y(total), class: 'output'}),
        s('text', {x: x + bar / 2, y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'tick'},
          String(label(row)).slice(0, 14)));
    }),
    s('g', {class: 'legend'},
      s('rect', {x: pad.left, y: 6, width: 10, height: 10, class: 'input'}),
      s('text', {x: pad.left + 14, y: 15, class: 'tick'}, 'input tokens'),
      s('rect', {x: pad.left + 110, y: 6, width: 10, height: 10, class: 'output'}),
      s('text', {x: pad.left + 124, y: 15, class: 'tick'}, 'output tokens')));
  if (!rows.length) svg.append(s('text', {x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty'}, 'No usage in this period'));
  return svg;
}

/** The budget as a horizontal gauge: spent, reserved, remaining. */
export function budgetGauge(budget) {
  const total = Math.max(amountOf(budget.budget), 1e-9);
  const spent = amountOf(budget.spent);
  const reserved = amountOf(budget.reserved);
  const width = 640;
  const scale = value => Math.max(0, Math.min(width, width * value / total));
  const used = (spent + reserved) / total;
  return h('figure', {class: 'budget'},
    s('svg', {viewBox: `0 0 ${width} 28`, role: 'img', class: 'gauge', 'aria-label':
      `Budget ${money(budget.budget)}: spent ${money(budget.spent)}, reserved ${money(budget.reserved)}, remaining ${money(budget.remaining)}`},
    s('rect', {x: 0, y: 0, width, height: 28, class: 'remaining'}),
    s('rect', {x: 0, y: 0, width: scale(spent), height: 28, class: 'spent'}),
    s('rect', {x: scale(spent), y: 0, width: scale(reserved), height: 28, class: 'reserved'})),
    h('figcaption', {},
      h('span', {class: 'key spent'}, `Month to date ${money(budget.spent)}`), ' · ',
      h('span', {class: 'key reserved'}, `Reserved ${money(budget.reserved)}`), ' · ',
      h('span', {class: 'key remaining'}, `Remaining ${money(budget.remaining)}`), ' of ',
      `${money(budget.budget)} (${budget.period}, ${(used * 100).toFixed(1)} % used)`));
}

export async function renderUsage(container) {
  const from = h('input', {type: 'date', name: 'from', value: monthStart()});
  const to = h('input', {type: 'date', name: 'to', value: today()});
  const output = h('div', {class: 'usage-output'});
  const csvStatus = h('span', {role: 'status', class: 'csv-status'});

  async function load() {
    const range = {from: from.value, to: to.value};
    const [byDay, byModel, budget] = await Promise.all([
      api.get('/api/v1/billing/usage' + query({...range, groupBy: 'day'})),
      api.get('/api/v1/billing/usage' + query({...range, groupBy: 'model'})),
      api.get('/api/v1/billing/budget'),
    ]);
    const totals = byDay.reduce((sum, row) => ({requests: sum.requests + row.requests, cost: sum.cost + amountOf(row.cost),
      currency: row.currency || sum.currency}), {requests: 0, cost: 0, currency: ''});
    replace(output,
      h('h3', {}, 'Budget'), budgetGauge(budget),
      h('h3', {}, 'Usage per day'),
      h('p', {class: 'totals'}, `${totals.requests} request${totals.requests === 1 ? "" : "s"}, cost ${money(totals.cost, totals.currency)}`),
      barChart(byDay, {title: 'Tokens per day'}),
      h('h3', {}, 'Usage per model'),
      barChart(byModel, {title: 'Tokens per model'}),
      h('table', {class: 'usage-table'},
        h('thead', {}, h('tr', {}, ['Model', 'Requests', 'Input', 'Output', 'Cost', 'Cache hits', 'Saved'].map(c => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, byModel.map(row => h('tr', {}, h('td', {}, row.key), h('td', {}, row.requests), h('td', {}, row.inputTokens),
          h('td', {}, row.outputTokens), h('td', {}, money(row.cost, row.currency)), h('td', {}, row.cacheHits),
          h('td', {}, money(row.savedCost, row.currency)))))));
  }

  async function exportCsv() {
    csvStatus.textContent = 'Preparing…';
    const response = await request('GET', '/api/v1/billing/usage.csv' + query({from: from.value, to: to.value, groupBy: 'day'}),
      undefined, {raw: true, extraHeaders: {Accept: 'text/csv'}});
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = h('a', {href: url, download: `usage-${from.value}-${to.value}.csv`, hidden: true});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    csvStatus.textContent = `Exported ${blob.size} bytes.`;
  }

  const guard = fn => async () => {
    try {
      await fn();
    } catch (error) {
      replace(output, h('p', {class: 'error', role: 'alert'}, error.explain ? error.explain() : String(error)));
    }
  };
  container.replaceChildren(h('div', {class: 'usage'},
    h('form', {class: 'filters', onsubmit: event => { event.preventDefault(); guard(load)(); }},
      field('From', from), field('To', to),
      h('button', {type: 'submit', class: 'primary'}, 'Show'),
      h('button', {type: 'button', class: 'export-csv', onclick: guard(exportCsv)}, 'Export CSV'), csvStatus),
    output));
  await guard(load)();
}
