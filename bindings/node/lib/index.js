'use strict';
// require('libdevin')
const { Devin } = require('./client');
const errors = require('./errors');
const { Paginator, Page } = require('./pagination');
const { ResponseInfo } = require('./response');
const { native } = require('./native');

module.exports = {
  Devin,
  default: Devin,
  Paginator,
  Page,
  ResponseInfo,
  DevinError: errors.DevinError,
  APIError: errors.APIError,
  APIStatusError: errors.APIStatusError,
  BadRequestError: errors.BadRequestError,
  AuthenticationError: errors.AuthenticationError,
  PermissionDeniedError: errors.PermissionDeniedError,
  NotFoundError: errors.NotFoundError,
  ConflictError: errors.ConflictError,
  UnprocessableEntityError: errors.UnprocessableEntityError,
  RateLimitError: errors.RateLimitError,
  InternalServerError: errors.InternalServerError,
  APIConnectionError: errors.APIConnectionError,
  APITimeoutError: errors.APITimeoutError,
  APIResponseDecodeError: errors.APIResponseDecodeError,
  APIUserAbortError: errors.APIUserAbortError,
  InvalidArgumentError: errors.InvalidArgumentError,
  /** libdevin's version and C ABI version. */
  libdevinVersion: native.version,
  abiVersion: native.abiVersion,
  /** Every operation id libdevin knows (docs/operations.md). */
  operations: () => native.operations(),
};
