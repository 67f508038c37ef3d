// The chat: the caller's conversations, the messages of one, and replies streamed over SSE
// (POST …/messages, GET /api/v1/replies/{id}/stream) with the route badge, the memory notice and feedback.
// Parts of a reply for features the platform does not offer yet (sources, tool approvals, images) are added to
// REPLY_PARTS when those features exist; until then nothing is shown for them.

import {api, stream, query, ApiError} from './api.js';
import {h, replace} from './dom.js';

const TERMINAL = ['completed', 'refused', 'failed', 'cancelled'];

/** Renderers of optional reply parts: (reply) → element or null. */
export const REPLY_PARTS = [];

export function renderChat(container) {
  const list = h('ul', {class: 'conversation-list', 'aria-label': 'Conversations'});
  const messages = h('ol', {class: 'messages', 'aria-label': 'Messages', 'aria-live': 'polite'});
  const error = h('p', {class: 'error', role: 'alert', hidden: true});
  const title = h('h2', {class: 'conversation-title'}, 'No conversation');
  const input = h('textarea', {rows: 3, maxlength: 32000, 'aria-label': 'Message', class: 'chat-input',
    placeholder: 'Ask the assistant…', onkeydown: event => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    }});
  const sendButton = h('button', {type: 'submit', class: 'primary send'}, 'Send');
  const cancelButton = h('button', {type: 'button', class: 'cancel-reply', hidden: true, onclick: () => cancel()}, 'Stop');
  const clearButton = h('button', {type: 'button', class: 'clear', onclick: () => clear()}, 'Clear conversation');
  let current = null;
  let running = null;

  const showError = e => {
    error.hidden = !e;
    error.textContent = e ? (e instanceof ApiError ? e.explain() : String(e.message || e)) : '';
  };

  async function loadList(select) {
    try {
      const page = await api.get('/api/v1/conversations' + query({limit: 50}));
      replace(list, page.conversations.map(c => h('li', {},
        h('button', {type: 'button', class: 'conversation', dataset: {id: c.conversationId}, 'aria-current': c.conversationId === current ? 'true' : 'false',
          onclick: () => open(c.conversationId, c.title)},
        c.title || 'Untitled', h('small', {}, ` ${c.messageCount} message${c.messageCount === 1 ? '' : 's'}`)))));
      if (select === undefined && !current && page.conversations.length) {
        open(page.conversations[0].conversationId, page.conversations[0].title);
      }
    } catch (e) {
      showError(e);
    }
  }

  async function create() {
    try {
      const created = await api.post('/api/v1/conversations', {title: `Conversation ${new Date().toLocaleString()}`});
      await open(created.conversationId, null);
      await loadList(false);
    } catch (e) {
      showError(e);
    }
  }

  async function open(conversationId, name) {
    current = conversationId;
    title.textContent = name || 'Conversation';
    showError(null);
    try {
      const page = await api.get(`/api/v1/conversations/${conversationId}/messages` + query({limit: 100}));
      replace(messages, page.messages.map(message => [userMessage(message.text), message.reply ? replyView(message.reply) : null]));
      list.querySelectorAll('button.conversation').forEach(button =>
        button.setAttribute('aria-current', button.dataset.id === conversationId ? 'true' : 'false'));
    } catch (e) {
      showError(e);
    }
  }

  async function send() {
    const text = input.value.trim();
    if (!text || running) return;
    showError(null);
    try {
      if (!current) {
        const created = await api.post('/api/v1/conversations', {title: text.slice(0, 60)});
        current = created.conversationId;
        title.textContent = text.slice(0, 60);
      }
      const posted = await api.post(`/api/v1/conversations/${current}/messages`, {text},
        {extraHeaders: {'Idempotency-Key': idempotencyKey()}});
      input.value = '';
      messages.append(userMessage(text));
      const reply = {replyId: posted.replyId, status: 'PENDING', text: ''};
      const view = replyView(reply);
      messages.append(view);
      await follow(reply, view);
      loadList(false);
    } catch (e) {
      showError(e);
    }
  }

  async function follow(reply, view) {
    const controller = new AbortController();
    running = {replyId: reply.replyId, controller};
    cancelButton.hidden = false;
    sendButton.disabled = true;
    try {
      await stream(`/api/v1/replies/${reply.replyId}/stream`, {signal: controller.signal, terminal: TERMINAL,
        onEvent: event => {
          const data = event.data || {};
          if (data.attempt && reply.attempt && data.attempt !== reply.attempt) reply.text = '';
          reply.attempt = data.attempt || reply.attempt;
          switch (event.event) {
            case 'screened': reply.status = 'ROUTING'; reply.screening = data; break;
            case 'routed': reply.route = data; reply.status = 'STREAMING'; break;
            case 'memory': reply.memory = data; break;
            case 'token': reply.text += data.text; reply.status = 'STREAMING'; break;
            case 'completed': Object.assign(reply, {text: data.text, status: 'COMPLETED', model: data.model,
              provider: data.provider, usage: data.usage, cost: data.cost}); break;
            case 'refused': reply.status = 'REFUSED'; reply.refusal = data; break;
            case 'failed': reply.status = 'FAILED'; reply.failureReason = data.reason; break;
            case 'cancelled': reply.status = 'CANCELLED'; break;
            default: break;
          }
          const fresh = replyView(reply);
          view.replaceWith(fresh);
          view = fresh;
        }});
    } finally {
      running = null;
      cancelButton.hidden = true;
      sendButton.disabled = false;
    }
  }

  async function cancel() {
    if (!running) return;
    try {
      await api.post(`/api/v1/replies/${running.replyId}/cancel`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409)) showError(e);
    }
  }

  async function clear() {
    if (!current) return;
    try {
      await api.del(`/api/v1/conversations/${current}/messages`);
      messages.replaceChildren();
      loadList(false);
    } catch (e) {
      showError(e);
    }
  }

  function userMessage(text) {
    return h('li', {class: 'message user'}, h('span', {class: 'who'}, 'You'), h('p', {}, text));
  }

  function replyView(reply) {
    const route = reply.route;
    const badge = route ? h('span', {class: 'route-badge', title: `Why: ${route.reason || ''} (decided by ${route.decidedBy})`},
      `${route.provider} · ${route.model} · ${route.category}`) : null;
    const why = route ? h('small', {class: 'route-why'}, `Why: ${route.reason || route.decidedBy}`) : null;
    const memory = reply.memory && (reply.memory.turnsCondensed > 0 || reply.memory.truncated)
      ? h('p', {class: 'memory-notice', role: 'note'},
        `Earlier turns were condensed to fit the model: ${reply.memory.turnsCondensed} condensed, `
        + `${reply.memory.turnsKept} kept word for word${reply.memory.truncated ? ' (some text was cut)' : ''}.`)
      : null;
    const status = reply.status === 'COMPLETED' ? null : h('p', {class: 'reply-status', role: 'status'}, statusText(reply));
    const body = h('p', {class: 'reply-text'}, reply.text || '');
    const parts = REPLY_PARTS.map(part => part(reply)).filter(Boolean);
    const feedback = reply.status === 'COMPLETED' ? feedbackButtons(reply) : null;
    return h('li', {class: 'message assistant', dataset: {replyId: reply.replyId, status: reply.status}},
      h('span', {class: 'who'}, 'Assistant'), badge, why, memory, body, parts, status, feedback);
  }

  function feedbackButtons(reply) {
    const rating = reply.feedback?.rating;
    const vote = async value => {
      try {
        const updated = await api.put(`/api/v1/replies/${reply.replyId}/feedback`, {rating: value});
        reply.feedback = updated.feedback || {rating: value};
        up.setAttribute('aria-pressed', value === 'UP' ? 'true' : 'false');
        down.setAttribute('aria-pressed', value === 'DOWN' ? 'true' : 'false');
      } catch (e) {
        showError(e);
      }
    };
    const up = h('button', {type: 'button', class: 'thumb up', 'aria-label': 'Good answer',
      'aria-pressed': rating === 'UP' ? 'true' : 'false', onclick: () => vote('UP')}, '▲');
    const down = h('button', {type: 'button', class: 'thumb down', 'aria-label': 'Bad answer',
      'aria-pressed': rating === 'DOWN' ? 'true' : 'false', onclick: () => vote('DOWN')}, '▼');
    return h('div', {class: 'feedback', role: 'group', 'aria-label': 'Feedback'}, up, down);
  }

  container.replaceChildren(h('section', {class: 'chat', 'aria-label': 'Chat'},
    h('aside', {class: 'conversations'},
      h('button', {type: 'button', class: 'new-conversation', onclick: () => create()}, 'New conversation'), list),
    h('div', {class: 'conversation-pane'},
      h('header', {}, title, clearButton), error, messages,
      h('form', {class: 'composer', onsubmit: event => { event.preventDefault(); send(); }},
        input, h('div', {class: 'composer-buttons'}, sendButton, cancelButton)))));
  loadList();
}

/** A random key per message; crypto.randomUUID exists only on secure origins (https, localhost). */
function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}

function statusText(reply) {
  switch (reply.status) {
    case 'PENDING': case 'SCREENING': return 'Checking the message…';
    case 'ROUTING': return 'Choosing a model…';
    case 'STREAMING': return 'Writing…';
    case 'REFUSED': return `Refused (${reply.refusal?.kind || ''}): ${reply.refusal?.reason || ''}`;
    case 'FAILED': return `Failed: ${reply.failureReason || ''}`;
    case 'CANCELLED': return 'Stopped. The text so far is kept.';
    default: return reply.status || '';
  }
}
