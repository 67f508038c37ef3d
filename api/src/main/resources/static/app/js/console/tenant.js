// Console: the tenant's quotas, AI policy and chat routing rules
// (GET /api/v1/tenants/{t}, PUT …/quotas, PUT …/ai-policy, GET/PUT …/routing).

import {api, ApiError} from '../api.js';
import {h, field, replace} from '../dom.js';
import {ACTIONS} from '../panel.js';

const CATEGORIES = ['general', 'creative', 'code', 'reasoning', 'long_context', 'safety_sensitive'];
const PROVIDERS = ['', 'openai', 'anthropic', 'gemini', 'ollama', 'local'];

function list(text) {
  return text.split(/[,\n]/).map(item => item.trim()).filter(Boolean);
}

function form(title, build, submit) {
  const message = h('p', {class: 'form-message', role: 'status'});
  const button = h('button', {type: 'submit', class: 'primary'}, 'Save');
  const element = h('form', {class: 'card console-form', 'aria-label': title, onsubmit: async event => {
    event.preventDefault();
    button.disabled = true;
    message.className = 'form-message';
    message.textContent = 'Saving…';
    try {
      await submit();
      message.textContent = 'Saved.';
    } catch (error) {
      message.className = 'form-message error';
      const errors = error instanceof ApiError && error.problem.errors
        ? ' ' + Object.entries(error.problem.errors).map(([name, text]) => `${name}: ${text}`).join('; ') : '';
      message.textContent = (error instanceof ApiError ? error.explain() : String(error)) + errors;
    } finally {
      button.disabled = false;
    }
  }}, h('h3', {}, title), build, h('div', {class: 'form-actions'}, button, message));
  return element;
}

export async function renderTenant(container, tenantId) {
  const tenant = await api.get(`/api/v1/tenants/${tenantId}`);
  const quotas = tenant.quotas || {};
  const budgetAmount = h('input', {type: 'number', min: 0, step: '0.0001', name: 'amount', value: quotas.monthlyBudget?.amount ?? ''});
  const budgetCurrency = h('input', {name: 'currency', maxlength: 3, value: quotas.monthlyBudget?.currency ?? 'USD'});
  const rpm = h('input', {type: 'number', min: 1, name: 'requestsPerMinutePerUser', value: quotas.requestsPerMinutePerUser ?? ''});
  const tpm = h('input', {type: 'number', min: 1, name: 'tokensPerMinutePerTenant', value: quotas.tokensPerMinutePerTenant ?? ''});
  const quotaForm = form('Quotas', [
    field('Monthly budget', budgetAmount), field('Currency', budgetCurrency),
    field('Requests per minute per user', rpm), field('Model tokens per minute (tenant)', tpm)],
  () => api.put(`/api/v1/tenants/${tenantId}/quotas`, {
    monthlyBudget: {amount: Number(budgetAmount.value), currency: budgetCurrency.value.trim().toUpperCase()},
    requestsPerMinutePerUser: Number(rpm.value), tokensPerMinutePerTenant: Number(tpm.value)}));

  const policy = tenant.aiPolicy || {};
  const actionBoxes = ACTIONS.map(([action, label]) => h('input', {type: 'checkbox', value: action, name: 'enabledActions',
    checked: (policy.enabledActions || []).includes(action), 'aria-label': label}));
  const models = h('input', {name: 'allowedModels', value: (policy.allowedModels || []).join(', ')});
  const kinds = h('input', {name: 'allowedContextKinds', value: (policy.allowedContextKinds || ['*']).join(', ')});
  const flag = (name, value) => h('input', {type: 'checkbox', name, checked: value});
  const maskPii = flag('maskPii', policy.maskPii !== false);
  const exactCache = flag('exactCache', policy.exactCache !== false);
  const semanticCache = flag('semanticCache', policy.semanticCache === true);
  const policyForm = form('AI policy', [
    h('fieldset', {}, h('legend', {}, 'Enabled actions'),
      actionBoxes.map(box => h('label', {class: 'inline'}, box, ' ', box.value))),
    field('Allowed models', models, 'Provider ids, models or provider:model, comma separated; empty: every configured model'),
    field('Context kinds that may leave the platform', kinds, '* for any; e.g. record, tab, related'),
    h('label', {class: 'inline'}, maskPii, ' Mask personal data before it reaches a model'),
    h('label', {class: 'inline'}, exactCache, ' Answer exact repeats from the cache'),
    h('label', {class: 'inline'}, semanticCache, ' Answer near repeats from the cache')],
  () => api.put(`/api/v1/tenants/${tenantId}/ai-policy`, {
    enabledActions: actionBoxes.filter(box => box.checked).map(box => box.value),
    allowedModels: list(models.value), allowedContextKinds: list(kinds.value),
    maskPii: maskPii.checked, exactCache: exactCache.checked, semanticCache: semanticCache.checked}));

  const parts = [h('h2', {}, `Tenant ${tenant.name} (${tenant.tenantId}) · plan ${tenant.plan} · ${tenant.status}`),
    h('div', {class: 'grid'}, quotaForm, policyForm)];

  try {
    parts.push(routingForm(tenantId, await api.get(`/api/v1/tenants/${tenantId}/routing`)));
  } catch (error) {
    if (!(error instanceof ApiError && (error.status === 404 || error.status === 403))) throw error;
  }
  replace(container, parts);
}

function routingForm(tenantId, rules) {
  const routeInputs = (route, name) => {
    const provider = h('select', {name: `${name}.provider`, 'aria-label': `${name} provider`},
      PROVIDERS.map(p => h('option', {value: p, selected: route?.provider === p}, p || '(default chain)')));
    const model = h('input', {name: `${name}.model`, 'aria-label': `${name} model`, value: route?.model || '', placeholder: 'model (optional)'});
    return {provider, model, value: () => provider.value ? {provider: provider.value, ...(model.value.trim() ? {model: model.value.trim()} : {})} : null};
  };
  const routes = CATEGORIES.map(category => ({category, ...routeInputs(rules.routes?.[category], category)}));
  const router = routeInputs(rules.router, 'router');
  const blocked = h('textarea', {rows: 3, name: 'blockedTopics'});
  blocked.value = (rules.blockedTopics || []).join('\n');
  const reuse = h('input', {type: 'checkbox', name: 'answerReuse', checked: rules.answerReuse});
  return form('Chat routing', [
    h('table', {class: 'routes'}, h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Category'), h('th', {scope: 'col'}, 'Provider'), h('th', {scope: 'col'}, 'Model'))),
      h('tbody', {}, [...routes, {category: 'router (classifies messages)', ...router}].map(route =>
        h('tr', {}, h('th', {scope: 'row'}, route.category), h('td', {}, route.provider), h('td', {}, route.model))))),
    field('Blocked topics (one a line)', blocked),
    h('label', {class: 'inline'}, reuse, ' Reuse answers to near-identical questions')],
  () => {
    const body = {routes: {}, blockedTopics: blocked.value.split('\n').map(t => t.trim()).filter(Boolean), answerReuse: reuse.checked};
    routes.forEach(route => {
      const value = route.value();
      if (value) body.routes[route.category] = value;
    });
    const routerValue = router.value();
    if (routerValue) body.router = routerValue;
    return api.put(`/api/v1/tenants/${tenantId}/routing`, body);
  });
}
