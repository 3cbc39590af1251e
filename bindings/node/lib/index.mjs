// import { Devin } from 'libdevin'
import cjs from './index.js';

export const {
  Devin, Paginator, Page, ResponseInfo, DevinError, APIError, APIStatusError, BadRequestError,
  AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError,
  UnprocessableEntityError, RateLimitError, InternalServerError, APIConnectionError,
  APITimeoutError, APIResponseDecodeError, APIUserAbortError, InvalidArgumentError,
  libdevinVersion, abiVersion, operations,
} = cjs;
export default cjs.Devin;
