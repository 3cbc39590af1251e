'use strict';
// The Devin client: options, per-call options, signals, decoding, raw
// requests. The per-operation methods are generated (resources.gen.js).
const { native } = require('./native');
const errors = require('./errors');
const { MODE, decodeJson, decodeBuffer, decodeAny, abortError } = require('./decode');
const { Paginator } = require('./pagination');
const { GeneratedClient } = require('./resources.gen');
const pkg = require('../package.json');

const LOG_LEVELS = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };
const LEVEL_NAMES = { 10: 'debug', 20: 'info', 30: 'warn', 40: 'error' };

const seconds = (ms) => (ms === undefined || ms === null ? -1 : ms / 1000);

function headerLines(headers) {
  if (!headers) return undefined;
  if (Array.isArray(headers)) return headers.map(String);
  const entries = typeof headers.entries === 'function' && typeof headers.get === 'function'
    ? headers.entries() // a fetch Headers or a Map
    : Object.entries(headers);
  const out = [];
  for (const [k, v] of entries) if (v !== undefined && v !== null) out.push(`${k}: ${v}`);
  return out;
}

function makeLogger(logger) {
  if (!logger) return undefined;
  if (typeof logger === 'function') {
    return (level, line) => logger(LEVEL_NAMES[level] || 'info', line);
  }
  return (level, line) => {
    const name = LEVEL_NAMES[level] || 'info';
    const fn = logger[name] || logger.log;
    if (typeof fn === 'function') fn.call(logger, line);
  };
}

class Devin extends GeneratedClient {
  /**
   * @param {object} [options] see index.d.ts (ClientOptions). Times are in
   *   milliseconds; `timeout` is the total deadline of a call.
   */
  constructor(options = {}) {
    super();
    const o = options || {};
    const logLevel = o.logLevel === undefined ? -1 : LOG_LEVELS[o.logLevel];
    if (logLevel === undefined) throw new TypeError(`logLevel must be one of ${Object.keys(LOG_LEVELS).join(', ')}`);
    const ua = `devin-node/${pkg.version} node/${process.versions.node}`;
    try {
      this._native = new native.Client({
        apiKey: o.apiKey,
        orgId: o.orgId,
        baseUrl: o.baseURL ?? o.baseUrl,
        timeout: seconds(o.timeout),
        connectTimeout: seconds(o.connectTimeout),
        attemptTimeout: seconds(o.attemptTimeout),
        stallTimeout: seconds(o.stallTimeout),
        maxRetries: o.maxRetries ?? -1,
        proxy: o.proxy,
        caBundle: o.caBundle,
        allowInsecureHttp: !!o.allowInsecureHttp,
        defaultHeaders: headerLines(o.defaultHeaders),
        userAgent: o.userAgent ? `${o.userAgent} ${ua}` : ua,
        logLevel,
        logger: makeLogger(o.logger),
      });
    } catch (e) {
      throw errors.toError(e);
    }
    this._mode = MODE[o.decode || 'lazy'];
    if (this._mode === undefined || this._mode === MODE.buffer) {
      throw new TypeError("decode must be 'lazy', 'text' or 'native'");
    }
    this._closed = false;
    this._initResources();
  }

  /** The organization id in use (configured, from DEVIN_ORG_ID, or discovered). */
  get orgId() {
    return this._native.orgId();
  }

  get baseURL() {
    return this._native.baseUrl();
  }

  /** Calls in flight on this client. */
  get inflight() {
    return this._native.inflight();
  }

  /** Cancels every call in flight (they reject with APIUserAbortError) and
   *  stops the client; later calls reject at once. Idempotent. */
  close() {
    this._closed = true;
    this._native.close();
  }

  [Symbol.dispose]() {
    this.close();
  }

  /**
   * A request to an endpoint the API description lacks, with the client's
   * auth, retries, errors and logging.
   * @param {string} method
   * @param {string} path starts with "/"; may contain `{org_id}`
   * @param {object} [options] { query, body, contentType, responseType:
   *   'json'|'buffer', signal, timeout, maxRetries, headers }
   */
  request(method, path, options = {}) {
    const o = options || {};
    let body = o.body;
    let contentType = o.contentType;
    if (body !== undefined && body !== null && typeof body !== 'string' && !Buffer.isBuffer(body)) {
      if (body instanceof Uint8Array) body = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      else {
        body = JSON.stringify(body);
        contentType = contentType || 'application/json';
      }
    }
    const query = o.query ? JSON.stringify(o.query) : null;
    const buffer = o.responseType === 'buffer';
    const mode = buffer ? MODE.buffer : MODE.text;
    return this._run(o, mode, undefined,
      (n) => this._native.request(String(method).toUpperCase(), path, query, body ?? null,
        contentType ?? null, n),
      buffer ? decodeBuffer : decodeAny);
  }

  // ---- used by the generated methods -------------------------------------

  _params(meta, id, params) {
    if (meta.main) {
      if (typeof id !== 'string' || id.length === 0) {
        throw new TypeError(`${meta.method}: ${meta.main} must be a non-empty string`);
      }
      return params ? { ...params, [meta.main]: id } : { [meta.main]: id };
    }
    return params;
  }

  _op(meta, id, params, options) {
    let p;
    try {
      p = this._params(meta, id, params);
    } catch (e) {
      return Promise.reject(e);
    }
    if (meta.kind === 'multipart') return this._upload(meta, p, options);
    const mode = meta.kind === 'redirect' ? MODE.buffer : this._mode;
    const text = p ? JSON.stringify(p) : '';
    return this._run(options, mode, undefined, (n) => this._native.call(meta.id, text, n),
      mode === MODE.buffer ? decodeBuffer : decodeJson);
  }

  _upload(meta, params, options) {
    const { file, filename, content_type: contentType, ...rest } = params || {};
    const upload = {};
    if (typeof file === 'string') upload.path = file;
    else if (Buffer.isBuffer(file)) upload.data = file;
    else if (file instanceof Uint8Array) upload.data = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    else if (file instanceof ArrayBuffer) upload.data = Buffer.from(file);
    else if (file && typeof file === 'object' && (file.data || file.path)) {
      Object.assign(upload, { data: file.data && Buffer.from(file.data), path: file.path,
        filename: file.filename, contentType: file.contentType });
    } else {
      return Promise.reject(new TypeError(`${meta.method}: file must be a Buffer, Uint8Array or path`));
    }
    if (filename) upload.filename = filename;
    if (contentType) upload.contentType = contentType;
    const text = Object.keys(rest).length ? JSON.stringify(rest) : '';
    return this._run(options, this._mode, upload, (n) => this._native.call(meta.id, text, n), decodeJson);
  }

  _list(meta, id, params, options) {
    return new Paginator(this, meta, this._params(meta, id, params), options);
  }

  /** Native call options from per-call options: undefined when all default,
   *  the body mode alone when only it differs. */
  _nativeOptions(o, mode, upload, cancel) {
    if (!o && !upload && !cancel) return mode === 0 ? undefined : mode;
    const n = { mode };
    if (o) {
      if (o.timeout !== undefined) n.timeout = seconds(o.timeout);
      if (o.maxRetries !== undefined) n.maxRetries = o.maxRetries;
      if (o.headers) n.headers = headerLines(o.headers);
    }
    if (cancel) n.cancel = cancel;
    if (upload) n.upload = upload;
    return n;
  }

  /** Runs one native call with signal handling and error mapping. */
  async _run(options, mode, upload, start, decode) {
    const signal = options && options.signal;
    if (!signal) {
      let raw;
      try {
        raw = await start(this._nativeOptions(options, mode, upload));
      } catch (e) {
        throw errors.toError(e);
      }
      return decode(raw);
    }
    if (signal.aborted) throw abortError(signal);
    const cancel = native.cancelNew();
    const onAbort = () => native.cancelTrigger(cancel);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return decode(await start(this._nativeOptions(options, mode, upload, cancel)));
    } catch (e) {
      throw errors.toError(e, signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}

module.exports = { Devin };
