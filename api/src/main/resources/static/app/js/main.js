// Entry point: sign-in, then the three views (record page, chat, console) under one header.

import {api} from './api.js';
import {session} from './session.js';
import {h, replace} from './dom.js';
import {renderSignIn} from './auth.js';
import {renderRecord, setEnabledActions} from './record.js';
import {renderChat} from './chat.js';
import {renderConsole} from './console/console.js';
import {openPanels} from './panel.js';

const VIEWS = [
  {id: 'record', title: 'Opportunity', render: renderRecord},
  {id: 'chat', title: 'Chat', render: renderChat},
  {id: 'console', title: 'Console', render: renderConsole},
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const notice = document.getElementById('notice');

function currentView() {
  const id = location.hash.replace('#', '');
  return VIEWS.find(view => view.id === id) || VIEWS[0];
}

async function show() {
  openPanels().forEach(panel => panel.close());
  if (!session.token) {
    nav.hidden = true;
    replace(who);
    await renderSignIn(main);
    return;
  }
  nav.hidden = false;
  const view = currentView();
  nav.querySelectorAll('a').forEach(link => link.setAttribute('aria-current', link.dataset.view === view.id ? 'page' : 'false'));
  replace(who, `${session.userId ?? '?'} @ ${session.tenantId ?? '(platform)'} · ${session.roles.join(', ')} `,
    h('button', {type: 'button', id: 'sign-out', onclick: () => session.signOut()}, 'Sign out'));
  await view.render(main);
  main.focus();
}

async function loadPolicy() {
  setEnabledActions(null);
  if (!session.tenantId) return;
  try {
    const tenant = await api.get(`/api/v1/tenants/${session.tenantId}`);
    setEnabledActions(tenant.aiPolicy?.enabledActions);
  } catch {
    // the panel still works; the server refuses what the policy does not enable
  }
}

replace(nav, VIEWS.map(view => h('a', {href: `#${view.id}`, dataset: {view: view.id}}, view.title)));
window.addEventListener('hashchange', show);
session.onChange(async (change, error) => {
  if (change === 'expired') {
    notice.hidden = false;
    notice.textContent = error?.explain ? error.explain() : 'Sign in again.';
    session.signOut();
    return;
  }
  if (change === 'signed-in') {
    notice.hidden = true;
    await loadPolicy();
  }
  show();
});
loadPolicy().finally(show);
