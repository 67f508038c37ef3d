// The admin and audit console: one section per area. Each area says which roles see it and is shown only when the
// API serves it (an area whose first request answers 404 or 403 is left out). A feature's area is an entry of AREAS.

import {ApiError} from '../api.js';
import {session} from '../session.js';
import {h, replace} from '../dom.js';
import {renderTenant} from './tenant.js';
import {renderUsage} from './usage.js';
import {renderAudit} from './audit.js';
import {renderOperations} from './operations.js';
import {renderKnowledge} from './knowledge.js';
import {renderApprovals} from './approvals.js';
import {renderTools} from './tools.js';
import {renderLeads} from './leads.js';

export const AREAS = [
  {id: 'tenant', title: 'Tenant', roles: ['TENANT_ADMIN', 'AUDITOR'], needsTenant: true,
    render: el => renderTenant(el, session.tenantId)},
  {id: 'usage', title: 'Usage & budget', roles: ['TENANT_ADMIN', 'AUDITOR'], needsTenant: true, render: renderUsage},
  {id: 'knowledge', title: 'Knowledge', roles: ['TENANT_ADMIN', 'MEMBER', 'AUDITOR'], needsTenant: true, render: renderKnowledge},
  {id: 'approvals', title: 'Approvals', roles: ['TENANT_ADMIN', 'MEMBER'], needsTenant: true, render: renderApprovals},
  {id: 'tools', title: 'Tools', roles: ['TENANT_ADMIN', 'MEMBER', 'AUDITOR'], needsTenant: true, render: renderTools},
  {id: 'leads', title: 'Leads', roles: ['TENANT_ADMIN', 'MEMBER', 'AUDITOR'], needsTenant: true, render: renderLeads},
  {id: 'audit', title: 'Audit trail', roles: ['AUDITOR'], render: renderAudit},
  {id: 'operations', title: 'Operations', roles: ['PLATFORM_ADMIN'], render: renderOperations},
];

export function renderConsole(container) {
  const areas = AREAS.filter(area => session.hasAnyRole(...area.roles) && (!area.needsTenant || session.tenantId));
  const body = h('div', {class: 'console-body', role: 'tabpanel'});
  const buttons = areas.map(area => h('button', {type: 'button', role: 'tab', class: 'console-tab', dataset: {area: area.id},
    'aria-selected': 'false', onclick: () => show(area)}, area.title));

  let shown = null;

  async function show(area) {
    shown = area.id;
    buttons.forEach(button => button.setAttribute('aria-selected', button.dataset.area === area.id ? 'true' : 'false'));
    replace(body, h('p', {role: 'status'}, 'Loading…'));
    const section = h('section', {class: `console-area area-${area.id}`, 'aria-label': area.title});
    try {
      await area.render(section);
      if (shown !== area.id) return; // another area was chosen while this one loaded
      replace(body, section);
    } catch (error) {
      const absent = error instanceof ApiError && (error.status === 404 || error.status === 403);
      // not served here, or not for these roles: leave the area out
      if (absent) buttons.find(button => button.dataset.area === area.id)?.remove();
      if (shown !== area.id) return;
      if (absent) {
        replace(body, h('p', {}, `${area.title} is not available to you.`));
      } else {
        replace(body, h('p', {class: 'error', role: 'alert'}, error instanceof ApiError ? error.explain() : String(error)));
      }
    }
  }

  if (!areas.length) {
    replace(container, h('p', {}, 'The console needs a role: MEMBER, TENANT_ADMIN, AUDITOR or PLATFORM_ADMIN.'));
    return;
  }
  replace(container, h('section', {class: 'console', 'aria-label': 'Console'},
    h('div', {role: 'tablist', 'aria-label': 'Console areas'}, buttons), body));
  show(areas[0]);
}
