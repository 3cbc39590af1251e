'use strict';
// Response metadata: reachable as `$response` (non-enumerable) on every
// result, and as fields of every API error.

/** Parses libdevin's "name: value\n" header block into a plain object with
 *  lowercase names (repeated headers are joined with ", "). */
function parseHeaders(raw) {
  const out = {};
  if (!raw) return out;
  let start = 0;
  while (start < raw.length) {
    let end = raw.indexOf('\n', start);
    if (end < 0) end = raw.length;
    const colon = raw.indexOf(': ', start);
    if (colon > start && colon < end) {
      const name = raw.slice(start, colon).toLowerCase();
      const value = raw.slice(colon + 2, end);
      out[name] = name in out ? `${out[name]}, ${value}` : value;
    }
    start = end + 1;
  }
  return out;
}

class ResponseInfo {
  #raw;
  #headers;

  constructor(status, rawHeaders, requestId, retries, elapsedSeconds) {
    /** HTTP status of the final attempt. */
    this.status = status;
    /** `x-request-id` of the response, or null. */
    this.requestId = requestId;
    /** Retries taken before this response. */
    this.retries = retries;
    /** Milliseconds from the first attempt to the last byte, backoff included. */
    this.elapsed = elapsedSeconds * 1000;
    this.#raw = rawHeaders;
    this.#headers = undefined;
  }
  /** Response headers, lowercase names. */
  get headers() {
    if (this.#headers === undefined) this.#headers = parseHeaders(this.#raw);
    return this.#headers;
  }
  toJSON() {
    return { status: this.status, requestId: this.requestId, retries: this.retries,
      elapsed: this.elapsed, headers: this.headers };
  }
}

function infoOf(raw) {
  return new ResponseInfo(raw[0], raw[2], raw[3], raw[4], raw[5]);
}

/** Attaches `$response` to an object result (non-enumerable, so it stays out
 *  of JSON.stringify, spreads and Object.keys). */
function attach(value, info) {
  if (value !== null && typeof value === 'object') {
    Object.defineProperty(value, '$response', { value: info, configurable: true });
  }
  return value;
}

module.exports = { ResponseInfo, parseHeaders, infoOf, attach };
