// The optional parts of a chat reply, each shown only when the reply has it: the sources an answer from documents
// used (title, page, snippet) with its confidence; tool calls as cards (approve, edit arguments, deny for one who
// may decide, the status for others); generated images (<img> with the signed link the API gives, same origin).

import {api} from './api.js';
import {h} from './dom.js';
import {toolCallCard} from './tools.js';

const CONFIDENCE = {
  GROUNDED: 'Grounded in the documents',
  PARTIAL: 'Partly grounded in the documents',
  NONE: 'Not grounded in the documents',
};

/** Sources and confidence of an answer from documents. */
export function sourcesPart(reply) {
  const sources = reply.sources || [];
  const confidence = reply.confidence;
  if (!sources.length && !confidence) return null;
  const cited = new Set((reply.citations || []).map(citation => citation.sourceId));
  return h('section', {class: 'reply-sources', 'aria-label': 'Sources'},
    reply.status === 'REFUSED' && sources.length ? h('p', {class: 'hint'}, 'Passages looked at (none of them answers it):') : null,
    confidence ? h('p', {class: `confidence ${String(confidence.level).toLowerCase()}`, dataset: {level: confidence.level}},
      `${CONFIDENCE[confidence.level] || confidence.level} · confidence ${Number(confidence.score).toFixed(2)}`) : null,
    sources.length ? h('ol', {class: 'sources'}, sources.map(source => h('li', {class: 'source',
      dataset: {sourceId: source.sourceId, documentId: source.documentId, cited: cited.has(source.sourceId) ? 'true' : 'false'}},
      h('span', {class: 'marker'}, `[${source.sourceId}]`), ' ',
      h('strong', {class: 'source-title'}, source.title || source.documentId),
      source.page ? h('span', {class: 'source-page'}, ` · page ${source.page}`) : null,
      source.snippet ? h('blockquote', {class: 'snippet'}, source.snippet) : null))) : null);
}

/** Tool calls of the reply as cards; a card is kept across re-renders so that an open editor stays as it is. */
export function toolCallsPart(reply) {
  const calls = reply.toolCalls || [];
  if (!calls.length) return null;
  reply.cards = reply.cards || new Map();
  const cards = calls.map(call => {
    let card = reply.cards.get(call.toolCallId);
    if (!card) {
      card = toolCallCard({...call});
      reply.cards.set(call.toolCallId, card);
      if (call.status === 'AWAITING_APPROVAL' && call.approval === undefined && call.approverRoles === undefined) {
        // a call read back from the history: ask for it in full to know who decides it
        api.get(`/api/v1/tool-calls/${encodeURIComponent(call.toolCallId)}`).then(full => card.update(full)).catch(() => {});
      }
    } else {
      card.update(call);
    }
    return card;
  });
  return h('section', {class: 'reply-tools', 'aria-label': 'Tool calls'}, cards);
}

/** Generated images, as the API links them (a signed link minted on each read; nothing is shown without one). */
export function imagesPart(reply) {
  const images = (reply.images || []).filter(image => image && image.url);
  if (!images.length) return null;
  return h('section', {class: 'reply-images', 'aria-label': 'Images'}, images.map((image, index) =>
    h('figure', {class: 'reply-image', dataset: {imageId: image.imageId || ''}},
      h('img', {src: image.url, alt: image.revisedPrompt || `Generated image ${index + 1}`, loading: 'lazy'}),
      image.revisedPrompt ? h('figcaption', {}, image.revisedPrompt) : null)));
}
