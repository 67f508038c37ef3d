// The record page: an "Opportunity" as a business application would show it. Every text field carries an
// "Enhance with AI" button that opens its panel; the record's details, the current tab and the related fields are
// offered to the panel as context items (kinds `record`, `tab`, `related`).

import {h, field, uid} from './dom.js';
import {openPanel} from './panel.js';

const ENTITY = {entityType: 'Opportunity', entityId: 'OPP-1042'};

const DETAILS = {
  Name: 'Acme Corp – CRM rollout for three regional offices',
  Account: 'Acme Corp',
  Stage: 'Proposal',
  Amount: '48 000 EUR',
  'Close date': '2027-01-31',
  Owner: 'alice',
};

const SAMPLE = {
  description: 'their is a error in this sentance. The customer want to rollout our CRM in three office and '
    + 'they needs a offer until friday.',
  notes: 'Call on monday went good. Budget for second and third office still pending on they side. '
    + 'Follow up with finance next week, they was asking about discounts for a multi-year contract.',
};

const LINE_ITEMS = [
  ['CRM licences (120 seats)', 'annual billing, price agreed with there purchasing'],
  ['Onboarding workshop', 'two days onsite in each office, travel not included'],
  ['Premium support', 'customer ask for 24/7 during go-live weeks'],
];

let enabledActions = null;

/** The tenant's enabled actions (from its AI policy), to disable the others in every panel. */
export function setEnabledActions(actions) {
  enabledActions = actions ? new Set(actions) : null;
}

export function renderRecord(container) {
  const fields = []; // {element, label, fieldName, tab}
  const tabs = ['Details', 'Activity'];
  let currentTab = 'Details';

  const textField = (label, fieldName, value, {rows = 4, tab = 'Details', multiline = true} = {}) => {
    const control = multiline
      ? h('textarea', {rows, name: fieldName, class: 'record-text'})
      : h('input', {name: fieldName, class: 'record-text'});
    control.value = value;
    const entry = {element: control, label, fieldName, tab};
    fields.push(entry);
    const button = h('button', {type: 'button', class: 'enhance', 'aria-label': `Enhance with AI: ${label}`,
      dataset: {field: fieldName}, onclick: () => enhance(entry)}, h('span', {'aria-hidden': 'true'}, '✦ '), 'Enhance with AI');
    const wrapper = h('div', {class: 'record-field'}, field(label, control), button);
    return wrapper;
  };

  const context = entry => {
    const others = fields.filter(other => other !== entry && other.element.value.trim());
    return [
      {kind: 'record', label: 'Opportunity details',
        text: Object.entries(DETAILS).map(([key, value]) => `${key}: ${value}`).join('\n')},
      {kind: 'tab', label: `Current tab: ${currentTab}`,
        text: others.filter(other => other.tab === currentTab)
          .map(other => `${other.label}: ${other.element.value}`).join('\n').slice(0, 20000)},
      {kind: 'related', label: 'Related fields',
        text: others.filter(other => other.tab !== currentTab)
          .map(other => `${other.label}: ${other.element.value}`).join('\n').slice(0, 20000)},
    ];
  };

  const enhance = entry => openPanel({
    element: entry.element,
    label: entry.label,
    field: {...ENTITY, fieldName: entry.fieldName},
    context: () => context(entry),
    contextToggles: [
      {kind: 'record', label: 'Opportunity details'},
      {kind: 'tab', label: 'Current tab'},
      {kind: 'related', label: 'Related fields'},
    ],
    enabledActions,
  });

  const summary = h('dl', {class: 'details'},
    Object.entries(DETAILS).map(([key, value]) => [h('dt', {}, key), h('dd', {}, value)]));

  const table = h('table', {class: 'line-items'},
    h('caption', {}, 'Line items'),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Item'), h('th', {scope: 'col'}, 'Note'))),
    h('tbody', {}, LINE_ITEMS.map(([item, note], row) => h('tr', {},
      h('td', {}, textField(`Item ${row + 1}`, `lineItems[${row}].item`, item, {multiline: false})),
      h('td', {}, textField(`Note ${row + 1}`, `lineItems[${row}].note`, note, {rows: 2}))))));

  const comments = h('div', {class: 'comments'});
  let commentCount = 0;
  const addComment = text => {
    comments.append(textField(`Comment ${commentCount + 1}`, `comments[${commentCount}]`, text, {rows: 2, tab: 'Activity'}));
    commentCount += 1;
  };
  addComment('spoke to there CFO, she want a phased payment plan');

  const detailsPanel = h('div', {role: 'tabpanel', id: 'tab-details', 'aria-labelledby': 'tab-button-details'},
    textField('Description', 'description', SAMPLE.description, {rows: 4}),
    textField('Notes', 'notes', SAMPLE.notes, {rows: 4}),
    table);
  const activityPanel = h('div', {role: 'tabpanel', id: 'tab-activity', 'aria-labelledby': 'tab-button-activity', hidden: true},
    h('h3', {}, 'Comments'), comments,
    h('button', {type: 'button', class: 'add-comment', onclick: () => addComment('')}, 'Add comment'));
  const panels = {Details: detailsPanel, Activity: activityPanel};

  const tabButtons = tabs.map(tab => h('button', {type: 'button', role: 'tab', id: `tab-button-${tab.toLowerCase()}`,
    'aria-controls': `tab-${tab.toLowerCase()}`, 'aria-selected': tab === currentTab ? 'true' : 'false',
    onclick: () => {
      currentTab = tab;
      tabButtons.forEach(button => button.setAttribute('aria-selected', button.textContent === tab ? 'true' : 'false'));
      Object.entries(panels).forEach(([name, panel]) => { panel.hidden = name !== tab; });
    }}, tab));

  container.replaceChildren(h('section', {class: 'record', 'aria-labelledby': 'record-title'},
    h('p', {class: 'breadcrumb'}, 'Opportunities / ', ENTITY.entityId),
    h('h1', {id: 'record-title'}, DETAILS.Name),
    summary,
    h('div', {role: 'tablist', 'aria-label': 'Record tabs', id: uid('tabs')}, tabButtons),
    detailsPanel, activityPanel));
}
