// Console: the leads inbox. The list (GET /api/v1/leads?status=&intent=), a lead's detail (GET /api/v1/leads/{id}:
// intent with its confidence, fields, score with its reasons, the low-confidence flag, history), the review form
// (POST …/review: corrected intent, fields, a note), the reply draft (POST …/reply-draft, then its stream, read like a
// suggestion's) and its approval, as drafted or edited (POST …/reply/approve).

import {api, stream, query, ApiError} from '../api.js';
import {session} from '../session.js';
import {h, replace, field} from '../dom.js';

const STATUSES = ['SUBMITTED', 'CLASSIFIED', 'EXTRACTED', 'NEEDS_REVIEW', 'READY', 'REVIEWED', 'DRAFTING', 'DRAFTED', 'APPROVED', 'SENT'];
const INTENTS = ['Sales', 'Support', 'Partnership', 'Other'];
/** Statuses in which the workflow is still working on the lead by itself: the detail is read again each second
 * (a draft being written is followed on its stream instead). */
const MOVING = ['SUBMITTED', 'CLASSIFIED', 'EXTRACTED'];
const DRAFT_TERMINAL = ['completed', 'failed', 'cancelled'];

function options(values, selected, emptyLabel) {
  return [h('option', {value: ''}, emptyLabel), ...values.map(v => h('option', {value: v, selected: v === selected}, v))];
}

function percent(confidence) {
  return confidence === null || confidence === undefined ? '–' : `${Math.round(confidence * 100)} %`;
}

export async function renderLeads(container) {
  const writer = session.hasAnyRole('MEMBER', 'TENANT_ADMIN');
  const statusFilter = h('select', {name: 'status'}, options(STATUSES, '', 'any status'));
  const intentFilter = h('select', {name: 'intent'}, options(INTENTS, '', 'any intent'));
  const rows = h('tbody', {});
  const detail = h('section', {class: 'lead-detail card', 'aria-label': 'Lead', hidden: true, tabindex: '-1'});
  const message = h('p', {class: 'form-message', role: 'status'});
  let openLead = null;
  let timer = null;
  let draftRun = null;

  const say = error => {
    message.textContent = error ? (error instanceof ApiError ? error.explain() : String(error.message || error)) : '';
  };

  async function loadList() {
    const page = await api.get('/api/v1/leads' + query({status: statusFilter.value, intent: intentFilter.value, limit: 100}));
    replace(rows, page.leads.length ? page.leads.map(lead => h('tr', {dataset: {leadId: lead.leadId, status: lead.status},
      class: lead.leadId === openLead ? 'selected' : ''},
      h('th', {scope: 'row'}, h('button', {type: 'button', class: 'open-lead', onclick: () => open(lead.leadId)},
        lead.name || lead.company || lead.leadId.slice(0, 8))),
      h('td', {}, lead.company || ''),
      h('td', {}, lead.intent || '…', lead.lowConfidence ? h('span', {class: 'flag low', title: 'Low confidence'}, ' ⚑ review') : null),
      h('td', {}, percent(lead.confidence)),
      h('td', {}, lead.score ?? '–'),
      h('td', {class: 'lead-status'}, lead.status),
      h('td', {}, lead.source),
      h('td', {}, new Date(lead.createdAt).toLocaleString())))
      : h('tr', {}, h('td', {colspan: 8}, 'No leads.')));
  }

  async function open(leadId, {focus = true} = {}) {
    clearTimeout(timer);
    if (openLead !== leadId) draftRun?.controller.abort();
    openLead = leadId;
    say(null);
    try {
      const lead = await api.get(`/api/v1/leads/${encodeURIComponent(leadId)}`);
      if (openLead !== leadId) return;
      renderDetail(lead);
      detail.hidden = false;
      if (focus) detail.focus();
      rows.querySelectorAll('tr').forEach(row => row.classList.toggle('selected', row.dataset.leadId === leadId));
      if (MOVING.includes(lead.status) && !draftRun && container.isConnected) {
        timer = setTimeout(() => open(leadId, {focus: false}).then(() => loadList()).catch(say), 1000);
      }
    } catch (error) {
      say(error);
    }
  }

  function renderDetail(lead) {
    const intent = lead.intent || {};
    const fields = lead.fields || {};
    const budget = fields.budget ? `${fields.budget.amount} ${fields.budget.currency || ''}`.trim() : '–';
    detail.dataset.leadId = lead.leadId;
    detail.dataset.status = lead.status;
    replace(detail,
      h('header', {}, h('h3', {}, fields.name || fields.company || 'Lead'),
        h('span', {class: 'lead-status badge', role: 'status'}, lead.status),
        h('button', {type: 'button', class: 'close-lead', 'aria-label': 'Close the lead', onclick: () => {
          draftRun?.controller.abort();
          detail.hidden = true;
          openLead = null;
        }}, '×')),
      lead.lowConfidence ? h('p', {class: 'low-confidence', role: 'note'},
        `Low confidence: the intent was classified with ${percent(intent.confidence)} confidence, below the tenant's `
        + 'threshold. Review it before a reply is drafted.') : null,
      h('dl', {class: 'lead-facts'},
        h('dt', {}, 'Intent'), h('dd', {class: 'lead-intent'}, intent.label || '…',
          intent.label ? ` · ${percent(intent.confidence)} confidence` : '',
          intent.decidedBy ? h('small', {class: 'hint'}, ` (decided by ${intent.decidedBy}${intent.reason ? `: ${intent.reason}` : ''})`) : null),
        h('dt', {}, 'Name'), h('dd', {}, fields.name || '–'),
        h('dt', {}, 'E-mail'), h('dd', {}, fields.email || '–'),
        h('dt', {}, 'Phone'), h('dd', {}, fields.phone || '–'),
        h('dt', {}, 'Company'), h('dd', {}, fields.company || '–'),
        h('dt', {}, 'Budget'), h('dd', {}, budget),
        h('dt', {}, 'Score'), h('dd', {class: 'lead-score'}, lead.score?.value ?? '–'),
        h('dt', {}, 'Source'), h('dd', {}, lead.source)),
      lead.score?.reasons?.length ? h('div', {}, h('h4', {}, 'Why this score'),
        h('ul', {class: 'score-reasons'}, lead.score.reasons.map(reason => h('li', {}, reason)))) : null,
      h('h4', {}, 'Message'), h('blockquote', {class: 'lead-message'}, lead.message),
      writer ? reviewForm(lead) : null,
      draftPart(lead),
      lead.history?.length ? h('details', {class: 'lead-history'}, h('summary', {}, 'History'),
        h('ol', {}, lead.history.map(entry => h('li', {}, `${new Date(entry.at).toLocaleString()} · ${entry.type}`,
          entry.detail ? ` · ${entry.detail}` : '')))) : null);
  }

  function reviewForm(lead) {
    const fields = lead.fields || {};
    const intent = h('select', {name: 'reviewIntent'}, options(INTENTS, lead.intent?.label, 'keep'));
    const name = h('input', {type: 'text', name: 'reviewName', maxlength: 200, value: fields.name || ''});
    const email = h('input', {type: 'email', name: 'reviewEmail', maxlength: 254, value: fields.email || ''});
    const phone = h('input', {type: 'tel', name: 'reviewPhone', maxlength: 40, value: fields.phone || ''});
    const company = h('input', {type: 'text', name: 'reviewCompany', maxlength: 200, value: fields.company || ''});
    const amount = h('input', {type: 'number', name: 'reviewBudget', min: 0, step: 'any', value: fields.budget?.amount ?? ''});
    const currency = h('input', {type: 'text', name: 'reviewCurrency', maxlength: 3, pattern: '[A-Z]{3}', value: fields.budget?.currency || ''});
    const note = h('textarea', {name: 'reviewNote', rows: 2, maxlength: 2000});
    const result = h('p', {class: 'form-message', role: 'status'});
    const submit = async event => {
      event.preventDefault();
      const body = {
        fields: {name: name.value, email: email.value, phone: phone.value, company: company.value,
          budget: amount.value === '' ? null : {amount: Number(amount.value), currency: currency.value || null}},
      };
      if (intent.value) body.intent = intent.value;
      if (note.value.trim()) body.note = note.value.trim();
      try {
        const reviewed = await api.post(`/api/v1/leads/${encodeURIComponent(lead.leadId)}/review`, body);
        renderDetail(reviewed);
        await loadList();
        detail.querySelector('.review-form .form-message').textContent = 'Review saved.';
      } catch (error) {
        result.textContent = error instanceof ApiError ? error.explain() : String(error);
        result.classList.add('error');
      }
    };
    return h('details', {class: 'review', open: lead.status === 'NEEDS_REVIEW' || undefined},
      h('summary', {}, 'Review and correct'),
      h('form', {class: 'review-form', 'aria-label': 'Review the lead', onsubmit: submit},
        h('div', {class: 'grid'}, field('Intent', intent), field('Name', name), field('E-mail', email),
          field('Phone', phone), field('Company', company), field('Budget', amount), field('Currency', currency, 'e.g. USD')),
        field('Note (why)', note),
        h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'primary save-review'}, 'Save review'), result)));
  }

  function draftPart(lead) {
    const draft = lead.draft;
    const box = h('section', {class: 'lead-draft', 'aria-label': 'Reply'});
    const text = h('div', {class: 'draft-text', 'aria-live': 'polite'}, draft?.finalText || draft?.text || '');
    const status = h('p', {class: 'draft-status', role: 'status'});
    const error = h('p', {class: 'error', role: 'alert', hidden: true});
    const showError = e => {
      error.hidden = !e;
      error.textContent = e ? (e instanceof ApiError ? e.explain() : String(e.message || e)) : '';
    };
    const buttons = h('div', {class: 'decisions'});

    function controls(state) {
      box.dataset.state = state;
      const list = [];
      if (!writer) {
        replace(buttons);
        return;
      }
      if (['READY', 'REVIEWED', 'DRAFTED'].includes(lead.status) && state !== 'streaming') {
        list.push(h('button', {type: 'button', class: draft ? 'redraft' : 'primary draft', onclick: start}, draft ? 'Draft again' : 'Draft a reply'));
      }
      if (state === 'completed' || (lead.status === 'DRAFTED' && state === 'idle')) {
        list.push(h('button', {type: 'button', class: 'primary approve-reply', onclick: () => approve()}, 'Approve'));
        list.push(h('button', {type: 'button', class: 'edit-reply', onclick: edit}, 'Edit & approve'));
      }
      replace(buttons, list);
    }

    function edit() {
      const editor = h('textarea', {class: 'reply-editor', rows: 8, maxlength: 20000, 'aria-label': 'Edited reply'});
      editor.value = text.textContent;
      replace(text, editor);
      replace(buttons, h('button', {type: 'button', class: 'primary save-reply', onclick: () => approve(editor.value)}, 'Approve edited reply'));
      editor.focus();
    }

    async function approve(editedText) {
      showError(null);
      try {
        const approved = await api.post(`/api/v1/leads/${encodeURIComponent(lead.leadId)}/reply/approve`,
          editedText === undefined ? {} : {editedText});
        await open(lead.leadId, {focus: false});
        await loadList();
        detail.querySelector('.draft-status').textContent = `Approved${approved.edited ? ' (edited)' : ''}: it is sent through the lead.reply_approved webhook.`;
      } catch (e) {
        showError(e);
      }
    }

    async function start() {
      showError(null);
      try {
        const accepted = await api.post(`/api/v1/leads/${encodeURIComponent(lead.leadId)}/reply-draft`);
        lead.status = 'DRAFTING';
        await follow(accepted.suggestionId, accepted.stream);
      } catch (e) {
        showError(e);
        controls('error');
      }
    }

    async function follow(suggestionId, path) {
      const controller = new AbortController();
      draftRun = {controller};
      text.textContent = '';
      controls('streaming');
      status.textContent = 'Waiting for the first words…';
      let attempt = null;
      let state = 'streaming';
      try {
        await stream(path || `/api/v1/assist/suggestions/${suggestionId}/stream`, {signal: controller.signal, terminal: DRAFT_TERMINAL,
          onEvent: event => {
            const data = event.data || {};
            if (data.attempt && attempt && data.attempt !== attempt) text.textContent = '';
            attempt = data.attempt || attempt;
            if (event.event === 'token') {
              text.textContent += data.text;
              const words = text.textContent.trim().split(/\s+/).filter(Boolean).length;
              status.textContent = `Writing… ${words} word${words === 1 ? '' : 's'}`;
            } else if (event.event === 'completed') {
              text.textContent = data.text;
              state = 'completed';
              status.textContent = `Drafted by ${data.provider || ''}/${data.model || ''}. Approve it as it is or edit it first.`;
            } else if (event.event === 'failed') {
              state = 'failed';
              status.textContent = `The draft failed: ${data.reason || ''}`;
            } else if (event.event === 'cancelled') {
              state = 'cancelled';
              status.textContent = 'The draft was cancelled.';
            }
          }});
      } catch (e) {
        if (controller.signal.aborted) return;
        showError(e);
        state = 'failed';
      } finally {
        if (draftRun?.controller === controller) draftRun = null;
      }
      if (state === 'completed') lead.status = 'DRAFTED';
      controls(state);
      loadList().catch(say);
    }

    if (draft?.finalText) {
      status.textContent = `Approved${draft.edited ? ' (edited)' : ''}.`;
      box.dataset.state = 'approved';
    } else {
      controls('idle');
      if (lead.status === 'DRAFTING' && draft?.suggestionId && !draftRun) {
        // a draft started elsewhere (or before a reload): follow it
        follow(draft.suggestionId);
      }
    }
    replace(box, h('h4', {}, 'Reply'), text, status, error, buttons);
    return box;
  }

  replace(container, h('div', {class: 'leads'}, message,
    h('form', {class: 'filters', 'aria-label': 'Filter leads', onsubmit: event => {
      event.preventDefault();
      loadList().catch(say);
    }}, field('Status', statusFilter), field('Intent', intentFilter),
    h('button', {type: 'submit', class: 'filter'}, 'Show')),
    h('table', {class: 'lead-table'}, h('thead', {}, h('tr', {},
      ['Lead', 'Company', 'Intent', 'Confidence', 'Score', 'Status', 'Source', 'Received'].map(c => h('th', {scope: 'col'}, c)))), rows),
    detail));
  statusFilter.addEventListener('change', () => loadList().catch(say));
  intentFilter.addEventListener('change', () => loadList().catch(say));
  await loadList();
}
