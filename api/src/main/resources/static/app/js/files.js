// Uploads and their processing status, shared by the knowledge area of the console and the chat's attachments:
// POST /api/v1/files (multipart `file`, `scope` = knowledge | conversation:{id}) with upload progress, then
// GET /api/v1/files/{id} polled until the file is READY or FAILED.

import {api, upload, ApiError} from './api.js';
import {h, replace} from './dom.js';

export const FILE_TERMINAL = ['READY', 'FAILED'];
const ACCEPT = '.txt,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf';

/** A file input accepting what the platform parses (it tells the type from the content; this only guides the picker). */
export function fileInput(label, attrs = {}) {
  return h('input', {type: 'file', accept: ACCEPT, 'aria-label': label, ...attrs});
}

/**
 * Uploads one file to `scope` and follows its processing. `view` is an element that shows the name, a progress bar
 * and the status as they change; onDone(file) is called with the final file view (READY or FAILED).
 * Resolves to the final file view, rejects with ApiError for a refused upload (413, 415, 403 …).
 */
export async function uploadAndWatch(file, scope, view, {signal} = {}) {
  const bar = h('progress', {max: 100, value: 0, 'aria-label': `${file.name} progress`});
  const status = h('span', {class: 'file-status', role: 'status'}, 'Uploading…');
  replace(view, h('span', {class: 'file-name'}, file.name), ' ', bar, ' ', status);
  view.dataset.status = 'UPLOADING';
  const accepted = await upload('/api/v1/files', file, {scope}, {
    signal,
    onProgress: (sent, total) => {
      const percent = total ? Math.round(sent * 100 / total) : 0;
      bar.value = percent;
      status.textContent = `Uploading… ${percent} %`;
    },
  });
  view.dataset.fileId = accepted.fileId;
  if (accepted.duplicateOf) status.textContent = 'Already in the knowledge base.';
  return watchFile(accepted.fileId, current => showFile(current, bar, status, view), {signal});
}

/** Polls a file's status each half second (then each two seconds) until it is READY or FAILED. */
export async function watchFile(fileId, onUpdate, {signal} = {}) {
  let waitMillis = 500;
  for (let polls = 0; ; polls += 1) {
    const file = await api.get(`/api/v1/files/${encodeURIComponent(fileId)}`, {signal});
    onUpdate(file);
    if (FILE_TERMINAL.includes(file.status)) return file;
    if (polls > 20) waitMillis = 2000;
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, waitMillis);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      }, {once: true});
    });
  }
}

function showFile(file, bar, status, view) {
  view.dataset.status = file.status;
  const progress = file.progress;
  if (file.status === 'READY') {
    bar.value = 100;
  } else if (progress && progress.total > 0) {
    bar.value = Math.round(progress.done * 100 / progress.total);
  }
  status.textContent = statusText(file);
  status.classList.toggle('error', file.status === 'FAILED');
}

/** What a file's processing status means, for people. */
export function statusText(file) {
  const progress = file.progress && file.progress.total > 0 ? ` ${file.progress.done} / ${file.progress.total}` : '';
  switch (file.status) {
    case 'UPLOADED': return 'Uploaded, waiting to be read…';
    case 'PARSING': return `Reading the text…${progress}`;
    case 'INDEXING': return `Indexing…${progress}`;
    case 'READY': return `Ready${file.pages ? ` · ${file.pages} page${file.pages === 1 ? '' : 's'}` : ''}`
      + `${file.chunks ? ` · ${file.chunks} chunk${file.chunks === 1 ? '' : 's'}` : ''}`;
    case 'FAILED': return `Failed: ${file.error || 'the file could not be processed'}`;
    default: return file.status || '';
  }
}

/** A sentence for a refused upload. */
export function explainUpload(error) {
  if (!(error instanceof ApiError)) return String(error?.message || error);
  switch (error.code) {
    case 'file-too-large': return `Too large: ${error.problem.detail}`;
    case 'unsupported-file-type': return `Not accepted: ${error.problem.detail}`;
    default: return error.explain();
  }
}
