// Console (platform administrators): event processors with replay progress, and dead letters
// (GET /api/v1/admin/projections, POST …/{name}/replay, GET/POST/DELETE /api/v1/admin/dead-letters).

import {api, ApiError} from '../api.js';
import {h, replace} from '../dom.js';

export function renderOperations(container) {
  const projections = h('tbody', {});
  const letters = h('tbody', {});
  const message = h('p', {class: 'form-message', role: 'status'});
  let timer = null;

  const say = error => {
    message.textContent = error ? (error instanceof ApiError ? error.explain() : String(error)) : '';
  };

  async function loadProjections() {
    const list = await api.get('/api/v1/admin/projections');
    replace(projections, list.map(p => {
      const percent = Math.round(p.progress ?? 0); // 0–100 already
      return h('tr', {dataset: {name: p.name}},
        h('th', {scope: 'row'}, p.name), h('td', {}, p.status),
        h('td', {}, h('progress', {max: 100, value: percent, 'aria-label': `${p.name} progress`}), ` ${percent} %`),
        h('td', {}, `${p.position ?? '–'} / ${p.headPosition ?? '–'}`),
        h('td', {}, p.segments ? String(p.segments) : '–'),
        h('td', {}, p.replayable
          ? h('button', {type: 'button', class: 'replay', disabled: p.replaying, onclick: () => replay(p.name)},
            p.replaying ? 'Replaying…' : 'Replay')
          : h('small', {}, 'not replayable')));
    }));
    clearTimeout(timer);
    if (list.some(p => p.replaying) && container.isConnected) timer = setTimeout(() => loadProjections().catch(say), 1000);
  }

  async function replay(name) {
    say(null);
    try {
      await api.post(`/api/v1/admin/projections/${encodeURIComponent(name)}/replay`);
      await loadProjections();
    } catch (error) {
      say(error);
    }
  }

  async function loadLetters() {
    const list = await api.get('/api/v1/admin/dead-letters?limit=100');
    replace(letters, list.length ? list.map(letter => h('tr', {},
      h('td', {}, letter.processingGroup), h('td', {}, letter.eventType), h('td', {}, `${letter.aggregateType ?? ''} ${letter.aggregateId ?? ''}`),
      h('td', {}, letter.enqueuedAt), h('td', {}, letter.cause),
      h('td', {},
        h('button', {type: 'button', onclick: () => act(api.post(`/api/v1/admin/dead-letters/${letter.id}/retry`))}, 'Retry'), ' ',
        h('button', {type: 'button', onclick: () => act(api.del(`/api/v1/admin/dead-letters/${letter.id}`))}, 'Drop'))))
      : h('tr', {}, h('td', {colspan: 6}, 'No dead letters.')));
  }

  async function act(promise) {
    try {
      await promise;
      await loadLetters();
    } catch (error) {
      say(error);
    }
  }

  replace(container, h('div', {class: 'operations'}, message,
    h('h3', {}, 'Projections'),
    h('table', {class: 'projections'}, h('thead', {}, h('tr', {}, ['Processor', 'Status', 'Progress', 'Position', 'Segments', ''].map(c => h('th', {scope: 'col'}, c)))), projections),
    h('h3', {}, 'Dead letters'),
    h('table', {class: 'dead-letters'}, h('thead', {}, h('tr', {}, ['Projection', 'Event', 'Aggregate', 'Since', 'Cause', ''].map(c => h('th', {scope: 'col'}, c)))), letters)));
  loadProjections().catch(say);
  loadLetters().catch(say);
}
