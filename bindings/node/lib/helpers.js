'use strict';
// Hand-written additions to generated resources. The generated classes
// extend these (see tools/codegen/targets/node_resources.py).
const { native } = require('./native');
const errors = require('./errors');
const { decodeJson, abortError } = require('./decode');

class Resource {
  constructor(client) {
    Object.defineProperty(this, '_client', { value: client });
  }
}

const UNTIL = { idle: 0, terminal: 1 };

class SessionsHelpers extends Resource {
  /**
   * Polls the session until it is done (libdevin owns the definition of done
   * and the backoff). Resolves to the last polled session.
   * @param {string} id devin-…
   * @param {object} [options] { until: 'idle'|'terminal', timeout (ms, whole
   *   wait), signal, onProgress(session), org_id }
   */
  async wait(id, options = {}) {
    if (typeof id !== 'string' || !id) throw new TypeError('wait: session id must be a non-empty string');
    const o = options || {};
    const until = UNTIL[o.until || 'idle'];
    if (until === undefined) throw new TypeError("until must be 'idle' or 'terminal'");
    const n = { until, timeout: o.timeout ? o.timeout / 1000 : 0, orgId: o.org_id || o.orgId };
    const onProgress = typeof o.onProgress === 'function'
      ? (text) => o.onProgress(JSON.parse(text)) : undefined;
    const signal = o.signal;
    let onAbort;
    if (signal) {
      if (signal.aborted) throw abortError(signal);
      n.cancel = native.cancelNew();
      onAbort = () => native.cancelTrigger(n.cancel);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      return decodeJson(await this._client._native.wait(id, n, onProgress));
    } catch (e) {
      throw errors.toError(e, signal);
    } finally {
      if (signal) signal.removeEventListener('abort', onAbort);
    }
  }

  /** sessions.create, then wait() on the new session. `options` holds the
   *  wait options (until, timeout of the wait, onProgress) and the per-call
   *  options of the create (signal and headers also apply to the wait). */
  async createAndWait(params, options = {}) {
    const { until, onProgress, timeout, ...callOptions } = options || {};
    const session = await this.create(params, callOptions);
    return this.wait(session.session_id, { until, onProgress, timeout, signal: callOptions.signal,
      org_id: params && params.org_id });
  }
}

module.exports = { Resource, SessionsHelpers };
