// Tool calls as cards, in the chat and in the approvals inbox: the tool, its arguments and its status; for one who
// may decide a call that awaits approval, Approve, Edit arguments (a JSON object, checked by the server against the
// tool's schema) and Deny with a reason (POST /api/v1/tool-calls/{id}/approve | deny). Others see the status only.

import {api, ApiError} from './api.js';
import {session} from './session.js';
import {h, replace, field} from './dom.js';

const STATUS_TEXT = {
  PROPOSED: 'Proposed',
  AWAITING_APPROVAL: 'Waiting for approval',
  APPROVED: 'Approved, about to run',
  DENIED: 'Denied',
  EXPIRED: 'Expired without a decision',
  EXECUTING: 'Running',
  SUCCEEDED: 'Done',
  FAILED: 'Failed',
};

/**
 * Whether the signed-in user may decide a call. With the full call (GET /api/v1/tool-calls/{id}) the approval
 * mode says it; from a reply's summary only the approver roles are known (an empty list: the requester decides).
 */
export function mayDecide(call) {
  if (call.approval === 'REQUESTER') return call.userId === session.userId;
  if (call.approval === 'ADMIN') return session.roles.includes('TENANT_ADMIN');
  if (Array.isArray(call.approverRoles)) {
    return call.approverRoles.length === 0 || call.approverRoles.some(role => session.roles.includes(role));
  }
  return false;
}

function pretty(json) {
  if (json === null || json === undefined) return '';
  if (typeof json !== 'string') return JSON.stringify(json, null, 2);
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/**
 * A card for one tool call. `call` has at least {toolCallId, tool, arguments, status}; onDecided(view) is called
 * with the call as the server answers it after a decision.
 */
export function toolCallCard(call, {decide, onDecided} = {}) {
  const card = h('article', {class: 'tool-call', dataset: {toolCallId: call.toolCallId, status: call.status},
    'aria-label': `Tool call ${call.tool}`});
  const error = h('p', {class: 'error', role: 'alert', hidden: true});
  const showError = e => {
    error.hidden = !e;
    error.textContent = e ? (e instanceof ApiError ? e.explain() : String(e.message || e)) : '';
  };

  function render(current) {
    card.dataset.status = current.status;
    const header = h('header', {},
      h('strong', {class: 'tool-name'}, current.tool), ' ',
      h('span', {class: 'tool-status', role: 'status'}, STATUS_TEXT[current.status] || current.status));
    const who = current.userId ? h('small', {class: 'hint'}, `asked by ${current.userId}`
      + (current.createdAt ? ` · ${new Date(current.createdAt).toLocaleString()}` : '')
      + (current.expiresAt && current.status === 'AWAITING_APPROVAL' ? ` · expires ${new Date(current.expiresAt).toLocaleTimeString()}` : ''))
      : null;
    const args = h('pre', {class: 'tool-arguments', 'aria-label': 'Arguments'}, pretty(current.arguments));
    const outcome = [];
    if (current.reason) outcome.push(h('p', {class: 'tool-reason'}, `Reason: ${current.reason}`));
    if (current.result) outcome.push(h('details', {class: 'tool-result'}, h('summary', {}, 'Result'), h('pre', {}, pretty(current.result))));
    const controls = current.status === 'AWAITING_APPROVAL' && (decide ?? mayDecide(current)) ? decisionControls(current) : null;
    replace(card, header, who, args, outcome, error, controls);
  }

  function decisionControls(current) {
    const editor = h('textarea', {class: 'arguments-editor', rows: 6, spellcheck: 'false', hidden: true, maxlength: 20000},
      pretty(current.arguments));
    editor.value = pretty(current.arguments);
    const editorField = field('Edited arguments (JSON object)', editor);
    editorField.hidden = true;
    const reason = h('input', {type: 'text', class: 'deny-reason', maxlength: 1000});
    const reasonField = field('Reason for denying', reason);
    reasonField.hidden = true;
    const approve = h('button', {type: 'button', class: 'primary approve', onclick: () => {
      let body = {};
      if (!editorField.hidden) {
        try {
          const parsed = JSON.parse(editor.value);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object');
          body = {arguments: parsed};
        } catch (e) {
          showError(new Error(`The arguments are not a JSON object: ${e.message}`));
          editor.focus();
          return;
        }
      }
      send('approve', body);
    }}, 'Approve');
    const edit = h('button', {type: 'button', class: 'edit-arguments', 'aria-expanded': 'false', onclick: () => {
      editorField.hidden = !editorField.hidden;
      editor.hidden = editorField.hidden;
      edit.setAttribute('aria-expanded', String(!editorField.hidden));
      approve.textContent = editorField.hidden ? 'Approve' : 'Approve edited';
      if (!editorField.hidden) editor.focus();
    }}, 'Edit arguments');
    const deny = h('button', {type: 'button', class: 'deny', onclick: () => {
      if (reasonField.hidden) {
        reasonField.hidden = false;
        deny.textContent = 'Deny with this reason';
        reason.focus();
        return;
      }
      if (!reason.value.trim()) {
        showError(new Error('Say why the call is denied; the requester sees the reason.'));
        reason.focus();
        return;
      }
      send('deny', {reason: reason.value.trim()});
    }}, 'Deny');
    async function send(decision, body) {
      showError(null);
      [approve, edit, deny].forEach(button => { button.disabled = true; });
      try {
        const view = await api.post(`/api/v1/tool-calls/${encodeURIComponent(current.toolCallId)}/${decision}`, body);
        Object.assign(call, view);
        render(call);
        onDecided?.(view);
      } catch (e) {
        [approve, edit, deny].forEach(button => { button.disabled = false; });
        showError(e);
      }
    }
    return h('div', {class: 'tool-decision', role: 'group', 'aria-label': `Decide ${current.tool}`},
      editorField, reasonField, h('div', {class: 'decisions'}, approve, edit, deny));
  }

  render(call);
  card.update = fresh => {
    Object.assign(call, fresh);
    render(call);
  };
  return card;
}
