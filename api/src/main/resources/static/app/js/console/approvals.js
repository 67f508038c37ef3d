// Console: the approvals inbox (GET /api/v1/tool-calls?status=AWAITING_APPROVAL: the calls the caller may decide,
// newest first), each a card with Approve, Edit arguments and Deny; Refresh reads it again.

import {api} from '../api.js';
import {h, replace} from '../dom.js';
import {toolCallCard} from '../tools.js';

export async function renderApprovals(container) {
  const list = h('div', {class: 'approvals-list', 'aria-live': 'polite'});
  const summary = h('p', {class: 'form-message', role: 'status'});

  async function load() {
    const page = await api.get('/api/v1/tool-calls?status=AWAITING_APPROVAL&limit=100');
    summary.textContent = page.calls.length
      ? `${page.calls.length} call${page.calls.length === 1 ? '' : 's'} waiting for a decision.`
      : 'Nothing waits for your approval.';
    replace(list, page.calls.map(call => toolCallCard(call)));
  }

  replace(container, h('div', {class: 'approvals'},
    h('div', {class: 'form-actions'}, summary,
      h('button', {type: 'button', class: 'refresh', onclick: () => load().catch(e => { summary.textContent = e.message; })}, 'Refresh')),
    list));
  await load();
}
