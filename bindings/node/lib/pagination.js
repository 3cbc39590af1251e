'use strict';
// Lists: a Paginator is an async iterable of items, has .pages(), a resumable
// cursor, and is awaitable (resolving to the first page).
const { native } = require('./native');
const errors = require('./errors');
const { infoOf, attach } = require('./response');
const { abortError, jsonOf } = require('./decode');

class Page {
  constructor(items, body, info, hasMore, cursor) {
    /** The items of this page. */
    this.items = items;
    /** True while another page may follow. */
    this.hasMore = hasMore;
    /** Resume position after this page (pass it back as `after`/`offset`). */
    this.cursor = cursor;
    Object.defineProperty(this, 'body', { value: body, enumerable: false });
    Object.defineProperty(this, '$response', { value: info, enumerable: false });
  }
}

function itemsOf(meta, body) {
  if (meta.page === 'array') return Array.isArray(body) ? body : [];
  if (body === null || typeof body !== 'object') return [];
  const v = body[meta.items || 'items'];
  return Array.isArray(v) ? v : [];
}

class Paginator {
  constructor(client, meta, params, options) {
    this._client = client;
    this._meta = meta;
    this._params = params;
    this._options = options;
    this._pager = null;
    this._first = null;
    this._cancel = null;
  }

  _open() {
    const c = this._client;
    const o = this._options;
    const signal = o && o.signal;
    if (signal) {
      if (signal.aborted) throw abortError(signal);
      this._cancel = native.cancelNew();
      const cancel = this._cancel;
      this._onAbort = () => native.cancelTrigger(cancel);
      signal.addEventListener('abort', this._onAbort, { once: true });
    }
    const text = this._params ? JSON.stringify(this._params) : '';
    try {
      this._pager = c._native.pager(this._meta.id, text, c._nativeOptions(o, c._mode, undefined, this._cancel));
    } catch (e) {
      throw errors.toError(e, signal);
    }
  }

  _close() {
    const signal = this._options && this._options.signal;
    if (signal && this._onAbort) signal.removeEventListener('abort', this._onAbort);
    this._onAbort = null;
  }

  /** Fetches the next page, or null after the last one. */
  async nextPage() {
    if (!this._pager) this._open();
    let raw;
    try {
      raw = await this._pager.next();
    } catch (e) {
      this._close();
      throw errors.toError(e, this._options && this._options.signal);
    }
    if (raw === null) {
      this._close();
      return null;
    }
    const info = infoOf(raw);
    const body = attach(jsonOf(raw), info);
    const hasMore = this._pager.hasMore();
    if (!hasMore) this._close();
    return new Page(itemsOf(this._meta, body), body, info, hasMore, this._pager.cursor());
  }

  /** Async iterator over pages. */
  async *pages() {
    for (;;) {
      const page = await this.nextPage();
      if (!page) return;
      yield page;
      if (!page.hasMore) return;
    }
  }

  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) {
      const items = page.items;
      for (let i = 0; i < items.length; i++) yield items[i];
    }
  }

  /** All items of all pages in one array. */
  async toArray() {
    const out = [];
    for await (const item of this) out.push(item);
    return out;
  }

  /** Where to resume (the `after` cursor or the offset as text), or null. */
  get cursor() {
    if (!this._pager) {
      const p = this._params || {};
      return p.after ?? (p.offset !== undefined ? String(p.offset) : null);
    }
    return this._pager.cursor();
  }

  /** Awaiting a paginator gives its first page. */
  then(resolve, reject) {
    if (!this._first) this._first = this.nextPage();
    return this._first.then(resolve, reject);
  }

  catch(reject) {
    return this.then(undefined, reject);
  }
}

module.exports = { Paginator, Page };
