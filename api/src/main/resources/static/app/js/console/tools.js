// Console: the tools the assistant may call in this tenant (GET /api/v1/tenants/{t}/tools): the built-in ones and
// the tenant's own, with their endpoint, who may use them and who approves a call. Registering tools is done through
// the API (PUT …/tools/{name} or POST …/tools/import); see docs/tools.md.

import {api} from '../api.js';
import {session} from '../session.js';
import {h, replace} from '../dom.js';

const APPROVAL = {NONE: 'runs without approval', REQUESTER: 'the requester approves', ADMIN: 'a tenant administrator approves'};

export async function renderTools(container) {
  const list = await api.get(`/api/v1/tenants/${encodeURIComponent(session.tenantId)}/tools`);
  replace(container, h('div', {class: 'tools'},
    h('table', {class: 'tool-table'},
      h('thead', {}, h('tr', {}, ['Tool', 'Description', 'Endpoint', 'Who may use it', 'Approval', 'Timeout'].map(c => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, list.tools.map(tool => h('tr', {dataset: {tool: tool.name}},
        h('th', {scope: 'row'}, tool.name, tool.builtIn ? h('small', {class: 'hint'}, ' built-in') : null),
        h('td', {}, tool.description),
        h('td', {}, tool.endpoint ? h('code', {}, `${tool.endpoint.method} ${tool.endpoint.url}`) : '–'),
        h('td', {}, tool.requiredRoles?.length ? tool.requiredRoles.join(', ') : 'every member'),
        h('td', {}, APPROVAL[tool.approval] || tool.approval || ''),
        h('td', {}, tool.timeoutSeconds ? `${tool.timeoutSeconds} s` : '')))))));
}
