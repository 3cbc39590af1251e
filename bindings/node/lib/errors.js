'use strict';
// The error hierarchy (one class per libdevin error kind, see docs/node.md):
//
// DevinError
// ├── APIError
// │   ├── APIStatusError
// │   │   ├── BadRequestError (400)  AuthenticationError (401)
// │   │   ├── PermissionDeniedError (403)  NotFoundError (404)
// │   │   ├── ConflictError (409)  UnprocessableEntityError (422)
// │   │   └── RateLimitError (429)  InternalServerError (>= 500)
// │   ├── APIConnectionError
// │   │   └── APITimeoutError
// │   └── APIResponseDecodeError
// ├── APIUserAbortError
// └── InvalidArgumentError
const { parseHeaders } = require('./response');

class DevinError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = new.target.name;
    /** libdevin's status name: 'not_found', 'timeout', 'cancelled', … */
    this.code = undefined;
    /** HTTP status, or undefined when no response was received. */
    this.status = undefined;
    this.requestId = undefined;
    this.body = undefined;
    this.headers = undefined;
    this.type = undefined;
    this.title = undefined;
    this.detail = undefined;
    this.instance = undefined;
    /** Seconds the server asked to wait (Retry-After), or undefined. */
    this.retryAfter = undefined;
    this.retries = 0;
    this.method = undefined;
    this.path = undefined;
    if (fields) Object.assign(this, fields);
  }
}
class APIError extends DevinError {}
class APIStatusError extends APIError {}
class BadRequestError extends APIStatusError {}
class AuthenticationError extends APIStatusError {}
class PermissionDeniedError extends APIStatusError {}
class NotFoundError extends APIStatusError {}
class ConflictError extends APIStatusError {}
class UnprocessableEntityError extends APIStatusError {}
class RateLimitError extends APIStatusError {}
class InternalServerError extends APIStatusError {}
class APIConnectionError extends APIError {}
class APITimeoutError extends APIConnectionError {}
class APIResponseDecodeError extends APIError {}
class APIUserAbortError extends DevinError {}
class InvalidArgumentError extends DevinError {}

// Indexed by devin_status.
const BY_CODE = [
  DevinError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
  ConflictError, UnprocessableEntityError, RateLimitError, InternalServerError, APIStatusError,
  APITimeoutError, APIConnectionError, APIUserAbortError, InvalidArgumentError,
  APIResponseDecodeError, DevinError,
];

function parseBody(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds the error for libdevin's error array (see src/convert.hpp). */
function fromNative(raw, abortReason) {
  const [code, name, message, http, method, path, requestId, retryAfter, retries, body,
    headers, type, title, detail, instance] = raw;
  const Cls = BY_CODE[code] || DevinError;
  const err = new Cls(message || name, {
    code: name,
    status: http > 0 ? http : undefined,
    requestId: requestId || undefined,
    body: parseBody(body),
    headers: parseHeaders(headers),
    type: type ?? undefined,
    title: title ?? undefined,
    detail: detail ?? undefined,
    instance: instance ?? undefined,
    retryAfter: retryAfter >= 0 ? retryAfter : undefined,
    retries,
    method: method || undefined,
    path: path || undefined,
  });
  if (Cls === APIUserAbortError && abortReason !== undefined) err.cause = abortReason;
  return err;
}

/** Whatever the native layer threw or rejected with, as a DevinError (plain
 *  JS errors such as TypeError pass through). */
function toError(e, signal) {
  if (Array.isArray(e)) return fromNative(e, signal && signal.reason);
  if (e && Array.isArray(e.devin)) return fromNative(e.devin, signal && signal.reason);
  return e;
}

module.exports = {
  DevinError, APIError, APIStatusError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, APIConnectionError, APITimeoutError, APIResponseDecodeError,
  APIUserAbortError, InvalidArgumentError, fromNative, toError,
};
