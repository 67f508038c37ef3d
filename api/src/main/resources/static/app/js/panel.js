// The "Enhance with AI" panel: floats next to one text field and drives one assist session
// (POST /api/v1/assist/sessions, …/suggestions, the suggestion's SSE stream, cancel, regenerate, approve, reject, copy).
// Any number of panels may be open and streaming at once; each owns its session and its streams.

import {api, stream, ApiError} from './api.js';
import {h, replace, uid, money} from './dom.js';

export const ACTIONS = [
  ['IMPROVE', 'Improve'],
  ['SHORTEN', 'Shorten'],
  ['SUMMARIZE', 'Summarize'],
  ['FIX_GRAMMAR', 'Fix grammar'],
  ['CHANGE_TONE', 'Change tone'],
  ['FREE_PROMPT', 'Ask'],
];
const TONES = ['PROFESSIONAL', 'CASUAL', 'FORMAL', 'FRIENDLY', 'CONFIDENT'];
const TERMINAL = ['completed', 'failed', 'cancelled'];
const open = new Map(); // field element → panel

/**
 * Opens (or focuses) the panel of a field.
 * target: {element, label, field: {entityType, entityId, fieldName}, context: () => [{kind, label, text}],
 *          contextToggles: [{kind, label}], enabledActions?: Set}
 */
export function openPanel(target) {
  const existing = open.get(target.element);
  if (existing) {
    existing.focus();
    return existing;
  }
  const panel = new EnhancePanel(target);
  open.set(target.element, panel);
  return panel;
}

export function openPanels() {
  return [...open.values()];
}

class EnhancePanel {
  constructor(target) {
    this.target = target;
    this.sessionId = null;
    this.sessionText = null;
    this.history = []; // {suggestionId, attempt, action, text, status, model, usage, cost}
    this.shown = -1;
    this.running = null; // {suggestionId, controller}
    this.lastEventIds = new Map();
    this.titleId = uid('panel-title');
    this.build();
    this.place();
    this.onViewport = () => this.place();
    window.addEventListener('resize', this.onViewport);
    window.addEventListener('scroll', this.onViewport, true);
    // the panel grows as the suggestion streams in: keep all of it on screen
    this.resizes = new ResizeObserver(() => this.place());
    this.resizes.observe(this.element);
    this.focus();
  }

  build() {
    const t = this.target;
    const text = t.element.value;
    this.preview = h('p', {class: 'preview', title: 'The text the suggestion starts from'},
      text.length > 100 ? text.slice(0, 100) + '…' : text || '(empty)');
    this.tone = h('select', {'aria-label': 'Tone', class: 'tone'},
      TONES.map(tone => h('option', {value: tone}, tone.charAt(0) + tone.slice(1).toLowerCase())));
    this.prompt = h('textarea', {rows: 2, maxlength: 2000, 'aria-label': 'Instruction for the free prompt',
      placeholder: 'Tell the assistant what to do with the text…', class: 'prompt'});
    this.refine = h('input', {type: 'checkbox', class: 'refine'});
    this.toggles = t.contextToggles.map(toggle => {
      const box = h('input', {type: 'checkbox', checked: true, value: toggle.kind, class: 'context-toggle'});
      return {kind: toggle.kind, box, label: h('label', {class: 'inline'}, box, ' ', toggle.label)};
    });
    this.actionButtons = ACTIONS.map(([action, label]) => {
      const button = h('button', {type: 'button', class: 'action', dataset: {action},
        onclick: () => this.suggest(action)}, label);
      if (t.enabledActions && !t.enabledActions.has(action)) {
        button.disabled = true;
        button.title = 'Not enabled by your tenant\'s AI policy';
      }
      return button;
    });
    const [improve, shorten, summarize, grammar, tone, ask] = this.actionButtons;

    this.status = h('p', {class: 'status', role: 'status', 'aria-live': 'polite'}, 'Choose an action.');
    this.progress = h('progress', {class: 'progress', 'aria-label': 'Generating', hidden: true});
    this.output = h('div', {class: 'suggestion', 'aria-label': 'Suggestion', 'aria-live': 'off', tabindex: 0});
    this.editor = h('textarea', {class: 'editor', rows: 6, 'aria-label': 'Edit the suggestion', hidden: true});
    this.error = h('div', {class: 'panel-error', role: 'alert', hidden: true});
    this.meta = h('p', {class: 'meta'});
    this.nav = h('div', {class: 'history', hidden: true},
      this.prev = h('button', {type: 'button', class: 'prev', 'aria-label': 'Earlier suggestion', onclick: () => this.show(this.shown - 1)}, '‹'),
      this.position = h('span', {class: 'position'}),
      this.next = h('button', {type: 'button', class: 'next', 'aria-label': 'Later suggestion', onclick: () => this.show(this.shown + 1)}, '›'));

    this.cancelButton = h('button', {type: 'button', class: 'cancel', hidden: true, onclick: () => this.cancel()}, 'Cancel');
    this.approveButton = h('button', {type: 'button', class: 'approve primary', onclick: () => this.approve()}, 'Approve');
    this.editButton = h('button', {type: 'button', class: 'edit', onclick: () => this.edit()}, 'Edit & approve');
    this.saveButton = h('button', {type: 'button', class: 'save primary', hidden: true, onclick: () => this.approve(this.editor.value)}, 'Approve edited text');
    this.regenerateButton = h('button', {type: 'button', class: 'regenerate', onclick: () => this.regenerate()}, 'Regenerate');
    this.copyButton = h('button', {type: 'button', class: 'copy', onclick: () => this.copy()}, 'Copy');
    this.rejectButton = h('button', {type: 'button', class: 'reject', onclick: () => this.reject()}, 'Reject');
    this.decisions = h('div', {class: 'decisions', hidden: true}, this.approveButton, this.editButton, this.saveButton,
      this.regenerateButton, this.copyButton, this.rejectButton);

    this.element = h('section', {class: 'enhance-panel', role: 'dialog', 'aria-modal': 'false',
      'aria-labelledby': this.titleId, dataset: {field: t.field.fieldName}, onkeydown: event => this.keydown(event),
      onfocusin: () => this.raise()},
    h('header', {},
      h('h2', {id: this.titleId}, `Enhance: ${t.label}`),
      h('button', {type: 'button', class: 'close', 'aria-label': 'Close panel', onclick: () => {
        this.close();
        this.target.element.focus();
      }}, '×')),
    this.preview,
    h('div', {class: 'actions', role: 'group', 'aria-label': 'Actions'}, improve, shorten, summarize, grammar,
      h('span', {class: 'tone-group'}, tone, this.tone)),
    h('div', {class: 'free-prompt'}, this.prompt, ask),
    h('fieldset', {class: 'context'}, h('legend', {}, 'Context sent with the request'),
      this.toggles.map(toggle => toggle.label),
      h('label', {class: 'inline'}, this.refine, ' Refine the latest suggestion')),
    h('div', {class: 'progress-row'}, this.status, this.progress, this.cancelButton),
    this.error, this.nav, this.output, this.editor, this.meta, this.decisions);
    document.body.append(this.element);
  }

  // Keeps the panel next to its field and inside the viewport, clear of the panels opened before it where there is
  // room for that.
  place() {
    const margin = 8;
    const rect = this.target.element.getBoundingClientRect();
    const width = Math.min(420, window.innerWidth - 2 * margin);
    this.element.style.width = `${width}px`;
    const height = Math.min(this.element.scrollHeight, window.innerHeight - 2 * margin);
    let left = rect.right + margin;
    let top = rect.top;
    if (left + width > window.innerWidth - margin) {
      left = Math.max(margin, Math.min(rect.left, window.innerWidth - width - margin));
      top = rect.bottom + margin;
    }
    const clampTop = value => Math.max(margin, Math.min(value, window.innerHeight - height - margin));
    top = clampTop(top);
    for (const other of open.values()) {
      if (other === this) break;
      const box = other.element.getBoundingClientRect();
      const overlaps = left < box.right && left + width > box.left && top < box.bottom && top + height > box.top;
      if (!overlaps) continue;
      if (box.right + margin + width <= window.innerWidth - margin) {
        left = box.right + margin;
      } else if (box.left - margin - width >= margin) {
        left = box.left - margin - width;
      } else if (box.bottom + margin + height <= window.innerHeight - margin) {
        top = box.bottom + margin;
      }
    }
    this.element.style.left = `${left}px`;
    this.element.style.top = `${clampTop(top)}px`;
  }

  raise() {
    EnhancePanel.top = (EnhancePanel.top || 50) + 1;
    this.element.style.zIndex = String(EnhancePanel.top);
  }

  focus() {
    const first = this.actionButtons.find(button => !button.disabled) || this.element.querySelector('button');
    first.focus();
  }

  keydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      this.target.element.focus();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...this.element.querySelectorAll('button, select, textarea, input, [tabindex="0"]')]
      .filter(el => !el.disabled && !el.hidden && el.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  contextKinds() {
    return this.toggles.filter(toggle => toggle.box.checked).map(toggle => toggle.kind);
  }

  async ensureSession() {
    const text = this.target.element.value;
    if (this.sessionId && this.sessionText === text) return this.sessionId;
    const created = await api.post('/api/v1/assist/sessions', {
      field: this.target.field,
      text,
      context: this.target.context().filter(item => item.text && item.text.trim()),
    });
    this.sessionId = created.sessionId;
    this.sessionText = text;
    return this.sessionId;
  }

  async suggest(action) {
    if (this.running) return;
    const body = {action, contextKinds: this.contextKinds()};
    if (action === 'CHANGE_TONE') body.tone = this.tone.value;
    if (action === 'FREE_PROMPT') {
      const instruction = this.prompt.value.trim();
      if (!instruction) {
        this.fail('Write an instruction for the assistant first.');
        this.prompt.focus();
        return;
      }
      body.instruction = instruction;
    }
    if (this.refine.checked && this.history.some(entry => entry.status === 'COMPLETED')) body.refine = true;
    if (!this.target.element.value.trim()) {
      this.fail('The field is empty: write something to enhance first.');
      return;
    }
    this.beginRequest(action);
    try {
      const sessionId = await this.ensureSession();
      const accepted = await api.post(`/api/v1/assist/sessions/${sessionId}/suggestions`, body);
      await this.follow(accepted.suggestionId, accepted.attempt || 1, action, null);
    } catch (error) {
      this.requestFailed(error, () => this.suggest(action));
    }
  }

  async regenerate() {
    const entry = this.history[this.shown];
    if (!entry || this.running) return;
    this.beginRequest(entry.action);
    try {
      const accepted = await api.post(`/api/v1/assist/suggestions/${entry.suggestionId}/regenerate`);
      await this.follow(entry.suggestionId, accepted.attempt, entry.action, this.lastEventIds.get(entry.suggestionId));
    } catch (error) {
      this.requestFailed(error, () => this.regenerate());
    }
  }

  beginRequest(action) {
    this.error.hidden = true;
    this.decisions.hidden = true;
    this.editor.hidden = true;
    this.saveButton.hidden = true;
    this.setStatus(`Sending ${labelOf(action)}…`, true);
  }

  // Streams one attempt of a suggestion into a new history entry.
  async follow(suggestionId, attempt, action, lastEventId) {
    const entry = {suggestionId, attempt, action, text: '', status: 'STREAMING'};
    this.history.push(entry);
    this.show(this.history.length - 1);
    const controller = new AbortController();
    this.element.dataset.tokens = '0';
    this.running = {suggestionId, controller};
    this.cancelButton.hidden = false;
    this.element.dataset.state = 'streaming';
    this.setStatus('Waiting for the first words…', true);
    try {
      await stream(`/api/v1/assist/suggestions/${suggestionId}/stream`, {
        signal: controller.signal,
        lastEventId,
        terminal: TERMINAL,
        onEvent: event => {
          if (event.id) this.lastEventIds.set(suggestionId, event.id);
          const data = event.data || {};
          if (data.attempt && data.attempt !== entry.attempt) {
            entry.attempt = data.attempt; // a failover or a restart: show only the latest attempt's text
            entry.text = '';
          }
          if (event.event === 'token') {
            entry.text += data.text;
            this.element.dataset.tokens = String(Number(this.element.dataset.tokens || 0) + 1);
            const words = entry.text.trim().split(/\s+/).filter(Boolean).length;
            this.setStatus(`Streaming… ${words} word${words === 1 ? '' : 's'}`, true);
          } else if (event.event === 'completed') {
            entry.text = data.text;
            entry.status = 'COMPLETED';
            entry.model = data.model;
            entry.provider = data.provider;
            entry.usage = data.usage;
            entry.cost = data.cost;
          } else if (event.event === 'failed') {
            entry.status = 'FAILED';
            entry.reason = data.reason;
          } else if (event.event === 'cancelled') {
            entry.status = 'CANCELLED';
          }
          if (this.history[this.shown] === entry) this.render(entry);
        },
      });
    } catch (error) {
      if (!controller.signal.aborted) {
        entry.status = 'FAILED';
        entry.reason = error instanceof ApiError ? error.explain() : String(error);
      }
    } finally {
      this.running = null;
      this.cancelButton.hidden = true;
      if (entry.status === 'STREAMING') entry.status = 'CANCELLED';
      this.element.dataset.state = entry.status.toLowerCase();
      if (!this.closed) this.show(this.history.indexOf(entry));
    }
  }

  show(index) {
    if (index < 0 || index >= this.history.length) return;
    this.shown = index;
    this.nav.hidden = this.history.length < 2;
    this.position.textContent = `${index + 1} / ${this.history.length}`;
    this.prev.disabled = index === 0;
    this.next.disabled = index === this.history.length - 1;
    this.render(this.history[index]);
  }

  render(entry) {
    this.output.textContent = entry.text;
    this.output.hidden = false;
    this.editor.hidden = true;
    this.saveButton.hidden = true;
    const streaming = entry.status === 'STREAMING';
    this.decisions.hidden = streaming || !entry.text;
    const completed = entry.status === 'COMPLETED';
    this.approveButton.disabled = !completed;
    this.editButton.disabled = !completed;
    this.rejectButton.disabled = false;
    this.regenerateButton.disabled = !!this.running;
    this.meta.textContent = entry.model
      ? `${labelOf(entry.action)} · attempt ${entry.attempt} · ${entry.provider}/${entry.model} · `
        + `${entry.usage?.inputTokens ?? 0}→${entry.usage?.outputTokens ?? 0} tokens · ${money(entry.cost)}`
      : `${labelOf(entry.action)} · attempt ${entry.attempt}`;
    if (entry.status === 'COMPLETED') this.setStatus('Done. Approve, edit, regenerate, copy or reject.', false);
    else if (entry.status === 'CANCELLED') this.setStatus('Cancelled. The text so far is kept.', false);
    else if (entry.status === 'FAILED') {
      this.setStatus('The suggestion failed.', false);
      this.fail(entry.reason || 'The model could not answer.', () => this.regenerateOrRetry(entry));
      this.decisions.hidden = true;
    }
  }

  regenerateOrRetry(entry) {
    this.show(this.history.indexOf(entry));
    this.regenerate();
  }

  setStatus(text, busy) {
    this.status.textContent = text;
    this.progress.hidden = !busy;
    this.element.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  requestFailed(error, retry) {
    this.running = null;
    this.cancelButton.hidden = true;
    this.setStatus('', false);
    this.fail(error instanceof ApiError ? error.explain() : `Could not reach the platform: ${error.message || error}`, retry,
      error instanceof ApiError ? error.retryAfter : undefined);
    this.element.dataset.state = 'error';
  }

  // Shows an error with the server's detail and, when given, a retry (held back for Retry-After seconds).
  fail(message, retry, retryAfter) {
    const children = [h('p', {class: 'error-detail'}, message)];
    if (retry) {
      const button = h('button', {type: 'button', class: 'retry', onclick: () => {
        this.error.hidden = true;
        retry();
      }}, 'Retry');
      if (retryAfter > 0) {
        button.disabled = true;
        let left = retryAfter;
        button.textContent = `Retry in ${left} s`;
        const timer = setInterval(() => {
          left -= 1;
          if (left <= 0 || this.closed) {
            clearInterval(timer);
            button.disabled = false;
            button.textContent = 'Retry';
          } else {
            button.textContent = `Retry in ${left} s`;
          }
        }, 1000);
      }
      children.push(button);
    }
    replace(this.error, children);
    this.error.hidden = false;
  }

  async cancel() {
    if (!this.running) return;
    const {suggestionId} = this.running;
    this.setStatus('Cancelling…', true);
    try {
      await api.post(`/api/v1/assist/suggestions/${suggestionId}/cancel`);
    } catch (error) {
      // 409: it finished meanwhile; the stream says how
      if (!(error instanceof ApiError && error.status === 409)) this.fail(error.message);
    }
  }

  edit() {
    const entry = this.history[this.shown];
    this.editor.value = entry.text;
    this.editor.hidden = false;
    this.output.hidden = true;
    this.saveButton.hidden = false;
    this.editButton.disabled = true;
    this.editor.focus();
  }

  async approve(editedText) {
    const entry = this.history[this.shown];
    if (!entry) return;
    // an earlier attempt than the suggestion's latest is approved as an edit of it
    const latest = this.history.filter(e => e.suggestionId === entry.suggestionId).at(-1);
    if (editedText === undefined && latest !== entry) editedText = entry.text;
    try {
      const body = editedText === undefined ? {} : {editedText};
      const approved = await api.post(`/api/v1/assist/suggestions/${entry.suggestionId}/approve`, body);
      this.target.element.value = approved.finalText;
      this.target.element.dispatchEvent(new Event('input', {bubbles: true}));
      this.close({keepSuggestion: true});
      this.target.element.focus();
    } catch (error) {
      this.fail(error instanceof ApiError ? error.explain() : String(error));
    }
  }

  async reject() {
    const entry = this.history[this.shown];
    if (entry && entry.status === 'COMPLETED') {
      try {
        await api.post(`/api/v1/assist/suggestions/${entry.suggestionId}/reject`);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409)) {
          this.fail(error instanceof ApiError ? error.explain() : String(error));
          return;
        }
      }
    }
    this.close({keepSuggestion: true});
    this.target.element.focus();
  }

  async copy() {
    const entry = this.history[this.shown];
    if (!entry) return;
    try {
      await navigator.clipboard.writeText(entry.text);
    } catch {
      // no clipboard permission (an insecure origin): select the text so that the person can copy it
      const selection = window.getSelection();
      selection.selectAllChildren(this.output);
    }
    this.copyButton.textContent = 'Copied';
    setTimeout(() => { this.copyButton.textContent = 'Copy'; }, 1500);
    try {
      await api.post(`/api/v1/assist/suggestions/${entry.suggestionId}/copy`);
    } catch {
      // recording the copy is for analytics only
    }
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.running) {
      const {suggestionId, controller} = this.running;
      api.post(`/api/v1/assist/suggestions/${suggestionId}/cancel`).catch(() => {});
      controller.abort();
    }
    window.removeEventListener('resize', this.onViewport);
    window.removeEventListener('scroll', this.onViewport, true);
    this.resizes.disconnect();
    this.element.remove();
    open.delete(this.target.element);
  }
}

function labelOf(action) {
  return (ACTIONS.find(([name]) => name === action) || [action, action])[1];
}
