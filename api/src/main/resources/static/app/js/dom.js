// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so nothing the API returns can run as
// markup in the page.

/** Creates an element: h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', child, …). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'value') {
      el.value = value;
    } else if (name === 'checked' || name === 'disabled' || name === 'hidden' || name === 'selected') {
      el[name] = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let ids = 0;
/** A page-unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form control: returns the wrapper; the control is `.control`. */
export function field(label, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  const wrapper = h('div', {class: 'form-field'}, h('label', {for: id}, label), control,
    hint ? h('small', {class: 'hint'}, hint) : null);
  wrapper.control = control;
  return wrapper;
}

/** Formats a money value that may be {amount, currency} or a plain number. */
export function money(value, currency) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'object') return `${Number(value.amount).toFixed(4)} ${value.currency || ''}`.trim();
  return `${Number(value).toFixed(4)}${currency ? ' ' + currency : ''}`;
}

export function amountOf(value) {
  if (value === null || value === undefined) return 0;
  return typeof value === 'object' ? Number(value.amount) : Number(value);
}
