// The page's only way to the platform: fetch with the bearer token, Problem Details turned into ApiError, and
// Server-Sent Events read from a fetch body (EventSource cannot send an Authorization header).

import {session} from './session.js';

/** An error answered by the API: `problem` is the RFC 9457 document, `retryAfter` the seconds to wait, if any. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.retryAfter = retryAfter;
  }

  /** The last segment of the problem type, e.g. `rate-limited`, `budget-exhausted`. */
  get code() {
    const type = this.problem.type || '';
    return type.substring(type.lastIndexOf('/') + 1);
  }

  /** A sentence for people: what happened and what to do. */
  explain() {
    const detail = this.problem.detail || this.message;
    switch (this.code) {
      case 'rate-limited':
        return `Rate limit reached (${this.problem.limit || 'requests per minute'}). `
          + `Try again in ${this.retryAfter ?? '?'} s. ${detail}`;
      case 'too-many-streams':
        return `Too many streams open at once. Try again in ${this.retryAfter ?? '?'} s. ${detail}`;
      case 'budget-exhausted':
        return `This month's AI budget is used up: ${detail} An administrator can raise it under Console → Quotas.`;
      case 'unbudgetable-request':
        return `The request cannot be budgeted: ${detail}`;
      case 'unauthenticated':
        return 'Your sign-in has expired or is not valid. Sign in again.';
      default:
        return detail;
    }
  }
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  try {
    if (type.includes('json')) return await response.json();
    const text = await response.text();
    return {title: response.statusText, detail: text.slice(0, 300)};
  } catch {
    return {title: response.statusText};
  }
}

function headers(extra = {}) {
  const result = {Accept: 'application/json, application/problem+json', ...extra};
  if (session.token) result.Authorization = `Bearer ${session.token}`;
  return result;
}

/** Sends a request; resolves to the parsed JSON body (or null for 202/204 without one), rejects with ApiError. */
export async function request(method, path, body, {signal, raw, extraHeaders} = {}) {
  const init = {method, headers: headers(extraHeaders), signal};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) {
    const retry = response.headers.get('Retry-After');
    const error = new ApiError(response.status, await problemOf(response), retry === null ? undefined : Number(retry));
    if (response.status === 401) session.expired(error);
    throw error;
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body, options) => request('POST', path, body, options),
  put: (path, body, options) => request('PUT', path, body, options),
  del: (path, options) => request('DELETE', path, undefined, options),
};

/**
 * Uploads a file as multipart form data (`file` and the given fields) with XMLHttpRequest, whose upload reports
 * progress (fetch does not). onProgress(sent, total) is called as the bytes go out. Resolves to the JSON answer,
 * rejects with ApiError like request().
 */
export function upload(path, file, fields = {}, {onProgress, signal} = {}) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [name, value] of Object.entries(headers())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = event => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, {title: 'Upload failed', detail: 'The upload did not reach the server.'}));
    xhr.onabort = () => reject(new ApiError(0, {title: 'Upload cancelled', detail: 'The upload was cancelled.'}));
    xhr.onload = () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = {title: xhr.statusText, detail: xhr.responseText.slice(0, 300)};
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
        return;
      }
      const retry = xhr.getResponseHeader('Retry-After');
      const error = new ApiError(xhr.status, body, retry === null ? undefined : Number(retry));
      if (xhr.status === 401) session.expired(error);
      reject(error);
    };
    signal?.addEventListener('abort', () => xhr.abort(), {once: true});
    xhr.send(form);
  });
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length ? '?' + new URLSearchParams(pairs).toString() : '';
}

/**
 * Reads a Server-Sent Events stream of the API until it ends or `signal` aborts. Calls onEvent({event, id, data})
 * with `data` parsed as JSON. A connection that drops before a terminal event is resumed with the last id
 * (`Last-Event-ID`), after the server's `retry` (an `interrupted` event) or a second.
 * Resolves with the last event received.
 */
export async function stream(path, {onEvent, signal, lastEventId, terminal}) {
  let lastId = lastEventId;
  let last = null;
  let attempts = 0;
  for (;;) {
    let retryMillis = 1000;
    const extra = {Accept: 'text/event-stream'};
    if (lastId) extra['Last-Event-ID'] = lastId;
    let response;
    try {
      response = await fetch(path, {headers: headers(extra), signal});
    } catch (error) {
      if (signal?.aborted) throw error;
      if (++attempts > 5) throw error;
      await pause(retryMillis, signal);
      continue;
    }
    if (!response.ok) {
      const retry = response.headers.get('Retry-After');
      throw new ApiError(response.status, await problemOf(response), retry === null ? undefined : Number(retry));
    }
    attempts = 0;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let ended = false;
    try {
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, '\n');
        let boundary;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const parsed = parseBlock(block);
          if (!parsed) continue;
          if (parsed.retry) retryMillis = parsed.retry;
          if (parsed.id) lastId = parsed.id;
          if (parsed.event === 'interrupted') continue;
          last = parsed;
          onEvent(parsed);
          if (terminal.includes(parsed.event)) ended = true;
        }
      }
    } catch (error) {
      if (signal?.aborted) throw error;
    }
    if (ended) return last;
    if (signal?.aborted) return last;
    await pause(retryMillis, signal);
  }
}

function parseBlock(block) {
  let event = 'message';
  let id;
  let retry;
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') event = value;
    else if (name === 'id') id = value;
    else if (name === 'retry') retry = Number(value);
    else if (name === 'data') data.push(value);
  }
  if (!data.length && !id) return retry ? {event: 'retry', retry} : null;
  let parsed = null;
  try {
    parsed = data.length ? JSON.parse(data.join('\n')) : null;
  } catch {
    parsed = {raw: data.join('\n')};
  }
  return {event, id, retry, data: parsed};
}

function pause(millis, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, millis);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, {once: true});
  });
}

/** Reads an NDJSON body line by line, calling onRecord for each parsed line; resolves with the count. */
export async function ndjson(path, onRecord, {signal} = {}) {
  const response = await request('GET', path, undefined, {signal, raw: true, extraHeaders: {Accept: 'application/x-ndjson'}});
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let count = 0;
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) {
        count += 1;
        if (onRecord(JSON.parse(line)) === false) {
          await reader.cancel();
          return count;
        }
      }
    }
  }
  if (buffer.trim()) {
    count += 1;
    onRecord(JSON.parse(buffer.trim()));
  }
  return count;
}
