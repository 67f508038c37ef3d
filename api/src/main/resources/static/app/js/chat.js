// The chat: the caller's conversations, the messages of one, and replies streamed over SSE
// (POST …/messages, GET /api/v1/replies/{id}/stream) with the route badge, the memory notice and feedback; the
// optional parts of a reply (sources and confidence, tool call cards, images) are the renderers of REPLY_PARTS.
// A conversation answers from the tenant's documents or not (chosen when it is made); files attached to it are
// uploaded with progress and followed until they are processed, then sent with the next message.

import {api, stream, query, ApiError} from './api.js';
import {h, replace, field} from './dom.js';
import {sourcesPart, toolCallsPart, imagesPart} from './reply-parts.js';
import {fileInput, uploadAndWatch, explainUpload} from './files.js';

const TERMINAL = ['completed', 'refused', 'failed', 'cancelled'];
const FINISHED = ['COMPLETED', 'REFUSED', 'FAILED', 'CANCELLED'];

/** Renderers of optional reply parts: (reply) → element or null. */
export const REPLY_PARTS = [sourcesPart, toolCallsPart, imagesPart];

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
  const knowledge = h('select', {name: 'knowledge', class: 'knowledge-choice'},
    h('option', {value: 'none'}, 'General knowledge'),
    h('option', {value: 'tenant'}, "The tenant's documents"));
  const attachInput = fileInput('Attach a file', {class: 'attach-input', name: 'attachment'});
  const attachments = h('ul', {class: 'attachments', 'aria-label': 'Attachments'});
  let pending = []; // {fileId, status, element}
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
      const created = await api.post('/api/v1/conversations', {title: `Conversation ${new Date().toLocaleString()}`,
        knowledge: knowledge.value});
      await open(created.conversationId, null);
      await loadList(false);
    } catch (e) {
      showError(e);
    }
  }

  async function open(conversationId, name) {
    if (current !== conversationId) {
      pending = [];
      attachments.replaceChildren();
    }
    current = conversationId;
    title.textContent = name || 'Conversation';
    showError(null);
    try {
      const page = await api.get(`/api/v1/conversations/${conversationId}/messages` + query({limit: 100}));
      const views = page.messages.map(message => [message, message.reply ? replyView(message.reply) : null]);
      replace(messages, views.map(([message, view]) => [userMessage(message.text, message.attachments), view]));
      list.querySelectorAll('button.conversation').forEach(button =>
        button.setAttribute('aria-current', button.dataset.id === conversationId ? 'true' : 'false'));
      // a reply still under way (waiting for a tool approval, say) is followed on its stream
      const last = views.at(-1);
      if (last && last[1] && !FINISHED.includes(last[0].reply.status) && !running) {
        last[0].reply.text = ''; // the stream sends the text again from its start
        follow(last[0].reply, last[1]).catch(showError);
      }
    } catch (e) {
      showError(e);
    }
  }

  async function ensureConversation(firstText) {
    if (current) return current;
    const titleText = (firstText || `Conversation ${new Date().toLocaleString()}`).slice(0, 60);
    const created = await api.post('/api/v1/conversations', {title: titleText, knowledge: knowledge.value});
    current = created.conversationId;
    title.textContent = titleText;
    return current;
  }

  async function attach() {
    const files = Array.from(attachInput.files || []);
    attachInput.value = '';
    if (!files.length) return;
    showError(null);
    try {
      const conversationId = await ensureConversation(null);
      await Promise.all(files.map(async file => {
        const element = h('li', {class: 'attachment'});
        const entry = {fileId: null, status: 'UPLOADING', element};
        pending.push(entry);
        attachments.append(element);
        try {
          const done = await uploadAndWatch(file, `conversation:${conversationId}`, element);
          entry.fileId = done.fileId;
          entry.status = done.status;
        } catch (e) {
          entry.status = 'FAILED';
          element.dataset.status = 'REFUSED';
          replace(element, h('span', {class: 'file-name'}, file.name), ' ',
            h('span', {class: 'error', role: 'alert'}, explainUpload(e)));
        }
        element.append(' ', h('button', {type: 'button', class: 'remove-attachment', 'aria-label': `Remove ${file.name}`,
          onclick: () => {
            pending = pending.filter(p => p !== entry);
            element.remove();
          }}, '×'));
      }));
      loadList(false);
    } catch (e) {
      showError(e);
    }
  }

  async function send() {
    const text = input.value.trim();
    if (!text || running) return;
    showError(null);
    if (pending.some(p => p.status !== 'READY' && p.status !== 'FAILED')) {
      showError(new Error('Wait until the attached files are processed.'));
      return;
    }
    try {
      await ensureConversation(text);
      const attached = pending.filter(p => p.status === 'READY' && p.fileId).map(p => p.fileId);
      const body = attached.length ? {text, attachments: attached} : {text};
      const posted = await api.post(`/api/v1/conversations/${current}/messages`, body,
        {extraHeaders: {'Idempotency-Key': idempotencyKey()}});
      input.value = '';
      pending = [];
      attachments.replaceChildren();
      messages.append(userMessage(text, attached));
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
            case 'sources': reply.sources = data.sources; break;
            case 'approval_requested': reply.status = 'AWAITING_APPROVAL'; upsertCall(reply, {...data, status: 'AWAITING_APPROVAL'}); break;
            case 'tool_call': upsertCall(reply, data); break;
            case 'tool_result': upsertCall(reply, data); break;
            case 'image': reply.images = [...(reply.images || []).filter(i => i.imageId !== data.imageId), data]; break;
            case 'token': reply.text += data.text; reply.status = 'STREAMING'; break;
            case 'completed': Object.assign(reply, {text: data.text, status: 'COMPLETED', model: data.model,
              provider: data.provider, usage: data.usage, cost: data.cost, citations: data.citations,
              confidence: data.confidence}); break;
            case 'refused': reply.status = 'REFUSED'; reply.refusal = data; break;
            case 'failed': reply.status = 'FAILED'; reply.failureReason = data.reason; break;
            case 'cancelled': reply.status = 'CANCELLED'; break;
            default: break;
          }
          const fresh = replyView(reply);
          view.replaceWith(fresh);
          view = fresh;
        }});
      // the stream does not carry everything a reply has (its tool calls' outcomes, its images' signed links):
      // the reply view does
      try {
        const full = await api.get(`/api/v1/replies/${reply.replyId}`);
        if (full.toolCalls?.length || full.images?.length) {
          // drawn again only when there is more to show, so that the finished reply's element stays as it is
          Object.assign(reply, {toolCalls: full.toolCalls, images: full.images});
          const fresh = replyView(reply);
          view.replaceWith(fresh);
          view = fresh;
        }
      } catch {
        // what the stream showed stays
      }
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

  function userMessage(text, attached) {
    return h('li', {class: 'message user'}, h('span', {class: 'who'}, 'You'), h('p', {}, text),
      attached?.length ? h('small', {class: 'hint'}, `${attached.length} attached file${attached.length === 1 ? '' : 's'}`) : null);
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
      field('Answers from', knowledge, 'for new conversations'),
      h('button', {type: 'button', class: 'new-conversation', onclick: () => create()}, 'New conversation'), list),
    h('div', {class: 'conversation-pane'},
      h('header', {}, title, clearButton), error, messages,
      h('form', {class: 'composer', onsubmit: event => { event.preventDefault(); send(); }},
        input, h('div', {class: 'composer-buttons'}, sendButton, cancelButton)),
      h('div', {class: 'attach'}, h('label', {class: 'attach-label'}, 'Attach a file ', attachInput), attachments))));
  attachInput.addEventListener('change', () => attach());
  loadList();
}

/** Adds or updates a tool call of a reply from a stream event. */
function upsertCall(reply, data) {
  const calls = reply.toolCalls ? [...reply.toolCalls] : [];
  const index = calls.findIndex(call => call.toolCallId === data.toolCallId);
  const {attempt, ...call} = data;
  if (index >= 0) calls[index] = {...calls[index], ...call};
  else calls.push(call);
  reply.toolCalls = calls;
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
    case 'REFUSED':
      if (reply.refusal?.kind === 'NOT_IN_DOCUMENTS') {
        return `Not in the documents: the tenant's documents do not answer this, so the assistant does not guess. ${reply.refusal?.reason || ''}`;
      }
      return `Refused (${reply.refusal?.kind || ''}): ${reply.refusal?.reason || ''}`;
    case 'RETRIEVING': return 'Looking through the documents…';
    case 'AWAITING_APPROVAL': return 'Waiting for a tool call to be approved…';
    case 'FAILED': return `Failed: ${reply.failureReason || ''}`;
    case 'CANCELLED': return 'Stopped. The text so far is kept.';
    default: return reply.status || '';
  }
}
