// Console: the audit trail (NDJSON from GET /api/v1/audit/events, read as it arrives) with filters, and
// "verify chain" (GET /api/v1/audit/verify).

import {api, ndjson, query} from '../api.js';
import {h, field, replace} from '../dom.js';

const PAGE = 200;

export function renderAudit(container) {
  const aggregateId = h('input', {name: 'aggregateId'});
  const type = h('input', {name: 'type', placeholder: 'e.g. SuggestionApproved'});
  const from = h('input', {type: 'datetime-local', name: 'from'});
  const to = h('input', {type: 'datetime-local', name: 'to'});
  const rows = h('tbody', {});
  const status = h('p', {class: 'audit-status', role: 'status'});
  const verdict = h('p', {class: 'verify-result', role: 'status'});
  const more = h('button', {type: 'button', class: 'more', hidden: true, onclick: () => load(lastSeq)}, 'Load more');
  let lastSeq = null;
  let controller = null;

  const iso = value => (value ? new Date(value).toISOString() : undefined);

  async function load(afterSeq) {
    controller?.abort();
    controller = new AbortController();
    if (afterSeq === undefined) rows.replaceChildren();
    status.textContent = 'Loading…';
    let count = 0;
    try {
      await ndjson('/api/v1/audit/events' + query({aggregateId: aggregateId.value.trim(), type: type.value.trim(),
        from: iso(from.value), to: iso(to.value), afterSeq}), record => {
        count += 1;
        lastSeq = record.seq;
        rows.append(h('tr', {class: record.outcome === 'ACCEPTED' ? '' : 'refused'},
          h('td', {}, record.seq), h('td', {}, record.timestamp), h('td', {}, record.actor ?? ''),
          h('td', {}, record.type), h('td', {}, `${record.aggregateType ?? ''} ${record.aggregateId ?? ''}`),
          h('td', {}, record.outcome), h('td', {class: 'hash', title: `prev ${record.prevHash}`}, (record.hash || '').slice(0, 12))));
        return count < PAGE;
      }, {signal: controller.signal});
      status.textContent = `${rows.children.length} records shown.`;
      more.hidden = count < PAGE;
    } catch (error) {
      if (error.name !== 'AbortError') status.textContent = error.explain ? error.explain() : String(error);
    }
  }

  async function verify() {
    verdict.className = 'verify-result';
    verdict.textContent = 'Verifying the hash chain…';
    try {
      const result = await api.get('/api/v1/audit/verify');
      verdict.className = `verify-result ${result.ok ? 'ok' : 'broken'}`;
      verdict.textContent = result.ok
        ? `Chain intact: ${result.checked} records checked.`
        : `Chain broken at record ${result.firstBrokenSeq} (${result.checked} checked).`;
    } catch (error) {
      verdict.className = 'verify-result broken';
      verdict.textContent = error.explain ? error.explain() : String(error);
    }
  }

  replace(container, h('div', {class: 'audit'},
    h('form', {class: 'filters', onsubmit: event => { event.preventDefault(); load(); }},
      field('Aggregate id', aggregateId), field('Event type', type), field('From', from), field('To', to),
      h('button', {type: 'submit', class: 'primary'}, 'Filter'),
      h('button', {type: 'button', class: 'verify', onclick: verify}, 'Verify chain')),
    verdict, status,
    h('table', {class: 'audit-table'},
      h('thead', {}, h('tr', {}, ['Seq', 'Time', 'Actor', 'Type', 'Aggregate', 'Outcome', 'Hash'].map(c => h('th', {scope: 'col'}, c)))),
      rows),
    more));
  load();
}
