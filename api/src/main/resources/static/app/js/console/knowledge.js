// Console: the tenant's knowledge. Upload (TENANT_ADMIN, POST /api/v1/files scope=knowledge) with progress and
// processing status, the documents (GET /api/v1/knowledge/documents, polled while one is being processed), delete
// (DELETE /api/v1/knowledge/documents/{id}) and hit testing (POST /api/v1/knowledge/search).

import {api, ApiError} from '../api.js';
import {session} from '../session.js';
import {h, replace, field} from '../dom.js';
import {fileInput, uploadAndWatch, statusText, explainUpload, FILE_TERMINAL} from '../files.js';

export async function renderKnowledge(container) {
  const admin = session.hasAnyRole('TENANT_ADMIN');
  const rows = h('tbody', {});
  const message = h('p', {class: 'form-message', role: 'status'});
  const uploads = h('ul', {class: 'uploads', 'aria-label': 'Uploads'});
  let timer = null;

  const say = error => {
    message.textContent = error ? (error instanceof ApiError ? error.explain() : String(error.message || error)) : '';
  };

  async function load() {
    const page = await api.get('/api/v1/knowledge/documents?limit=200');
    replace(rows, page.documents.length ? page.documents.map(documentRow)
      : h('tr', {}, h('td', {colspan: 5}, 'No documents yet.')));
    clearTimeout(timer);
    if (page.documents.some(d => !FILE_TERMINAL.includes(d.status)) && container.isConnected) {
      timer = setTimeout(() => load().catch(say), 1000);
    }
  }

  function documentRow(d) {
    const percent = d.status === 'READY' ? 100 : d.progress && d.progress.total ? Math.round(d.progress.done * 100 / d.progress.total) : 0;
    return h('tr', {dataset: {documentId: d.documentId, status: d.status}},
      h('th', {scope: 'row'}, d.title || d.documentId),
      h('td', {class: 'doc-status'}, h('progress', {max: 100, value: percent, 'aria-label': `${d.title} progress`}), ' ',
        h('span', {class: d.status === 'FAILED' ? 'error' : ''}, statusText(d))),
      h('td', {}, d.mediaType || ''),
      h('td', {}, d.createdAt ? new Date(d.createdAt).toLocaleString() : ''),
      h('td', {}, admin ? h('button', {type: 'button', class: 'delete-document', 'aria-label': `Delete ${d.title}`,
        onclick: () => remove(d)}, 'Delete') : null));
  }

  async function remove(d) {
    if (!window.confirm(`Delete “${d.title}”? Its passages are removed from answers.`)) return;
    say(null);
    try {
      await api.del(`/api/v1/knowledge/documents/${encodeURIComponent(d.documentId)}`);
      await load();
      message.textContent = `Deleted ${d.title}.`;
    } catch (error) {
      say(error);
    }
  }

  const picker = fileInput('Document to add', {multiple: true, name: 'document'});
  async function addFiles() {
    say(null);
    const files = Array.from(picker.files || []);
    if (!files.length) {
      message.textContent = 'Choose a file first.';
      return;
    }
    picker.value = '';
    await Promise.all(files.map(async file => {
      const item = h('li', {class: 'upload'});
      uploads.prepend(item);
      try {
        const done = uploadAndWatch(file, 'knowledge', item);
        setTimeout(() => load().catch(say), 300);
        await done;
      } catch (error) {
        item.dataset.status = 'REFUSED';
        replace(item, h('span', {class: 'file-name'}, file.name), ' ', h('span', {class: 'error', role: 'alert'}, explainUpload(error)));
      }
    }));
    await load().catch(say);
  }

  const query = h('input', {type: 'search', name: 'query', maxlength: 2000, required: true});
  const topK = h('input', {type: 'number', name: 'topK', min: 1, max: 20, value: 5});
  const hits = h('ol', {class: 'hits', 'aria-label': 'Search hits', 'aria-live': 'polite'});
  async function search() {
    say(null);
    try {
      const result = await api.post('/api/v1/knowledge/search', {query: query.value, topK: Number(topK.value) || 5});
      replace(hits, result.hits.length ? result.hits.map(hit => h('li', {class: 'hit'},
        h('strong', {}, hit.title || hit.documentId), hit.page ? ` · page ${hit.page}` : '',
        h('span', {class: 'score'}, ` · score ${Number(hit.score).toFixed(3)}`),
        h('blockquote', {}, hit.snippet || '')))
        : h('li', {}, 'Nothing found.'));
    } catch (error) {
      say(error);
    }
  }

  replace(container, h('div', {class: 'knowledge'},
    message,
    admin ? h('form', {class: 'card upload-form', 'aria-label': 'Add documents', onsubmit: event => {
      event.preventDefault();
      addFiles();
    }}, h('h3', {}, 'Add documents'),
    field('Document (plain text, Markdown, HTML or PDF)', picker),
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'primary upload'}, 'Upload')), uploads)
      : h('p', {class: 'hint'}, 'A tenant administrator adds documents.'),
    h('h3', {}, 'Documents'),
    h('table', {class: 'documents'}, h('thead', {}, h('tr', {},
      ['Document', 'Status', 'Type', 'Added', ''].map(c => h('th', {scope: 'col'}, c)))), rows),
    h('form', {class: 'card search-form', 'aria-label': 'Hit testing', onsubmit: event => {
      event.preventDefault();
      search();
    }}, h('h3', {}, 'Hit testing'),
    h('p', {class: 'hint'}, 'Which passages retrieval finds for a question, with their scores.'),
    h('div', {class: 'filters'}, field('Question', query), field('Hits', topK),
      h('button', {type: 'submit', class: 'search'}, 'Search')), hits)));
  await load();
}
