'use strict';
// The "lazy" decode strategy: JSON objects of a response are Proxies over
// libdevin's parsed document (src/lazy.cpp) that read a member the first time
// it is used and keep it. Arrays are real arrays (of such objects). Reading
// `session_id` and `status` of 100 sessions thus converts 200 strings, not
// the whole body.
//
// To everything else a view is a plain object: `in`, Object.keys, spreads,
// JSON.stringify, assert.deepStrictEqual and util.inspect see every member
// in document order. The first use that needs all members (listing keys,
// any write, freezing) turns the view into an ordinary object holding them
// all; nested objects stay lazy. Proxies cannot be structured-cloned: pass
// `JSON.parse(JSON.stringify(value))` to postMessage/structuredClone, or use
// the client option `decode: 'text'`.
const util = require('node:util');
const { native } = require('./native');

const { lazyGet, lazyHas, lazyArray, lazyEntries } = native;
const DOC = Symbol('devin.lazy.doc');
const ID = Symbol('devin.lazy.id');
const hasOwn = Object.hasOwn;

/** Prototype of a view's target until it is detached: only teaches
 *  util.inspect (which looks at the target) to show every member. */
const LAZY_PROTO = Object.create(Object.prototype, {
  [util.inspect.custom]: {
    value() {
      detach(this);
      return { ...this };
    },
  },
});

function view(doc, code) {
  const n = Number(code);
  return n & 1 ? array(doc, n >>> 1) : object(doc, n >>> 1);
}

function array(doc, id) {
  const a = lazyArray(doc, id);
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] === 'bigint') a[i] = view(doc, a[i]);
  }
  return a;
}

function object(doc, id) {
  const t = Object.create(LAZY_PROTO);
  t[DOC] = doc;
  t[ID] = id;
  return new Proxy(t, HANDLER);
}

function setOwn(t, k, v) {
  if (k === '__proto__') {
    Object.defineProperty(t, k, { value: v, writable: true, enumerable: true, configurable: true });
  } else {
    t[k] = v;
  }
}

/** Makes the target an ordinary object holding every member, in document
 *  order (members read before keep their identity). */
function detach(t) {
  const doc = t[DOC];
  if (doc === undefined) return;
  const flat = lazyEntries(doc, t[ID]);
  const seen = {};
  for (const k of Object.keys(t)) {
    seen[k] = t[k];
    delete t[k];
  }
  delete t[DOC];
  delete t[ID];
  Object.setPrototypeOf(t, Object.prototype);
  for (let i = 0; i < flat.length; i += 2) {
    const k = flat[i];
    let v;
    if (hasOwn(seen, k)) v = seen[k];
    else {
      v = flat[i + 1];
      if (typeof v === 'bigint') v = view(doc, v);
    }
    setOwn(t, k, v);
  }
}

const HANDLER = {
  get(t, k, receiver) {
    if (typeof k === 'string' && !hasOwn(t, k)) {
      const doc = t[DOC];
      if (doc !== undefined) {
        let v = lazyGet(doc, t[ID], k);
        if (v !== undefined) {
          if (typeof v === 'bigint') v = view(doc, v);
          setOwn(t, k, v);
          return v;
        }
      }
    }
    return Reflect.get(t, k, receiver);
  },
  has(t, k) {
    if (typeof k === 'string' && t[DOC] !== undefined && !hasOwn(t, k) && lazyHas(t[DOC], t[ID], k)) {
      return true;
    }
    return Reflect.has(t, k);
  },
  getPrototypeOf(t) {
    const p = Reflect.getPrototypeOf(t);
    return p === LAZY_PROTO ? Object.prototype : p;
  },
  defineProperty(t, k, desc) {
    // Response metadata (non-enumerable) does not need the members.
    if (k !== '$response' || desc.enumerable) detach(t);
    return Reflect.defineProperty(t, k, desc);
  },
};
// Traps that need every member: make the target whole, then act on it.
for (const trap of ['ownKeys', 'getOwnPropertyDescriptor', 'set', 'deleteProperty',
  'preventExtensions', 'setPrototypeOf']) {
  HANDLER[trap] = (t, ...args) => {
    detach(t);
    return Reflect[trap](t, ...args);
  };
}

/** The JS value of a lazy response body: `root` is raw[1] and `doc` raw[6]. */
function lazyValue(doc, root) {
  return typeof root === 'bigint' ? view(doc, root) : root;
}

module.exports = { lazyValue };
