// Sign-in. On the embedded defaults the platform mints development tokens (POST /api/v1/dev/tokens, loopback only):
// the form asks for tenant, user and roles, creates the tenant when it does not exist yet (with a platform
// administrator's development token) and signs in. With an identity provider that endpoint is absent (404) and the
// form takes a token obtained from the identity provider instead (see docs/web.md).

import {api, ApiError} from './api.js';
import {session} from './session.js';
import {h, field} from './dom.js';

const ROLES = ['TENANT_ADMIN', 'MEMBER', 'AUDITOR', 'PLATFORM_ADMIN'];

/** True when development tokens can be had here: the endpoint answers a bad body with 400, an absent one with 404. */
async function devTokensAvailable() {
  try {
    await api.post('/api/v1/dev/tokens', {});
    return true;
  } catch (error) {
    return error instanceof ApiError && error.status !== 404 && error.status !== 403;
  }
}

async function mint(tenantId, userId, roles) {
  const body = {userId, roles};
  if (tenantId) body.tenantId = tenantId;
  return (await api.post('/api/v1/dev/tokens', body)).token;
}

async function ensureTenant(tenantId, userId) {
  const admin = await mint(null, 'platform-admin', ['PLATFORM_ADMIN']);
  const response = await fetch('/api/v1/tenants', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${admin}`},
    body: JSON.stringify({tenantId, name: tenantId, plan: 'TEAM', initialAdminUserId: userId}),
  });
  if (response.status !== 201 && response.status !== 409) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem);
  }
}

export async function renderSignIn(container) {
  const error = h('p', {class: 'error', role: 'alert', hidden: true});
  const show = message => {
    error.hidden = !message;
    error.textContent = message || '';
  };
  const dev = await devTokensAvailable();

  const tokenInput = h('textarea', {rows: 4, name: 'token', placeholder: 'eyJhbGciOi…', spellcheck: 'false'});
  const pasted = h('form', {class: 'card', 'aria-labelledby': 'paste-title', onsubmit: async event => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    if (!token) return show('Paste a token first.');
    session.signIn(token);
  }},
  h('h2', {id: 'paste-title'}, dev ? 'Or paste a token' : 'Sign in with a token'),
  h('p', {}, 'A bearer token (JWT) from your identity provider, with the claims ', h('code', {}, 'sub'), ', ',
    h('code', {}, 'tenant'), ' and ', h('code', {}, 'roles'), '. It is kept in this tab only.'),
  field('Token', tokenInput),
  h('button', {type: 'submit', class: 'primary'}, 'Use token'));

  let devForm = null;
  if (dev) {
    const tenant = h('input', {name: 'tenantId', value: 'acme', required: true, autocomplete: 'off'});
    const user = h('input', {name: 'userId', value: 'alice', required: true, autocomplete: 'username'});
    const create = h('input', {type: 'checkbox', name: 'createTenant', checked: true});
    const roleBoxes = ROLES.map(role => h('input', {type: 'checkbox', name: 'role', value: role,
      checked: role === 'TENANT_ADMIN' || role === 'AUDITOR'}));
    const submit = h('button', {type: 'submit', class: 'primary', id: 'dev-sign-in'}, 'Sign in');
    devForm = h('form', {class: 'card', 'aria-labelledby': 'dev-title', onsubmit: async event => {
      event.preventDefault();
      show('');
      submit.disabled = true;
      try {
        const roles = roleBoxes.filter(box => box.checked).map(box => box.value);
        if (create.checked) await ensureTenant(tenant.value.trim(), user.value.trim());
        session.signIn(await mint(tenant.value.trim(), user.value.trim(), roles));
      } catch (e) {
        show(e instanceof ApiError ? e.explain() : String(e));
      } finally {
        submit.disabled = false;
      }
    }},
    h('h2', {id: 'dev-title'}, 'Developer sign-in'),
    h('p', {}, 'The platform runs on its embedded defaults: it issues development tokens to this machine.'),
    field('Tenant', tenant),
    field('User', user),
    h('fieldset', {}, h('legend', {}, 'Roles'),
      roleBoxes.map(box => h('label', {class: 'inline'}, box, ' ', box.value))),
    h('label', {class: 'inline'}, create, ' Create the tenant if it does not exist (you become its administrator)'),
    submit);
  }
  container.replaceChildren(h('section', {class: 'sign-in', 'aria-label': 'Sign in'},
    h('h1', {}, 'Sign in to Assistant Core'), error, devForm, pasted));
}
