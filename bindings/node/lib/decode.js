'use strict';
// Turning native results into JS values.
const errors = require('./errors');
const { infoOf, attach } = require('./response');
const { lazyValue } = require('./lazy');

/** Body modes of the native layer (src/convert.hpp BodyMode). */
const MODE = { text: 0, native: 1, buffer: 2, lazy: 3 };

/** The JSON value of a response body ({} when empty). */
function jsonOf(raw) {
  const body = raw[1];
  if (raw.length > 6) return lazyValue(raw[6], body);
  if (typeof body !== 'string') return body === undefined ? {} : body;
  if (body.length === 0) return {};
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new errors.APIResponseDecodeError(`response body is not JSON: ${e.message}`, {
      code: 'decode', status: raw[0], requestId: raw[3] || undefined, body });
  }
}

/** JSON of a response body, with `$response` attached. */
function decodeJson(raw) {
  const info = infoOf(raw);
  return attach(jsonOf(raw), info);
}

function decodeBuffer(raw) {
  return attach(raw[1], infoOf(raw));
}

function decodeAny(raw) {
  const info = infoOf(raw);
  const body = raw[1];
  if (typeof body !== 'string') return attach(body, info);
  const ctype = info.headers['content-type'] || '';
  if (body.length && /json/i.test(ctype)) {
    try {
      return attach(JSON.parse(body), info);
    } catch {
      /* fall through: text */
    }
  }
  return attach({ text: body }, info);
}

function abortError(signal) {
  const err = new errors.APIUserAbortError('request aborted', { code: 'cancelled' });
  err.cause = signal.reason;
  return err;
}

module.exports = { MODE, jsonOf, decodeJson, decodeBuffer, decodeAny, abortError };
