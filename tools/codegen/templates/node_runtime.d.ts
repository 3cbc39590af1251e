
/** Something attachments.upload accepts as its `file`: bytes, or a path. */
export type Uploadable =
  | Buffer
  | Uint8Array
  | ArrayBuffer
  | string
  | { data?: Uint8Array; path?: string; filename?: string; contentType?: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/** A function `(level, line)`, or a console-like object. Lines never contain the API key. */
export type Logger =
  | ((level: Exclude<LogLevel, 'off'>, line: string) => void)
  | { debug?(line: string): void; info?(line: string): void; warn?(line: string): void;
      error?(line: string): void; log?(line: string): void };

export interface ClientOptions {
  /** Service-user credential (`cog_…`). Default: env DEVIN_API_KEY. */
  apiKey?: string;
  /** Organization id. Default: env DEVIN_ORG_ID, else discovered via GET /v3/self. */
  orgId?: string;
  /** Default: env DEVIN_BASE_URL, else https://api.devin.ai. */
  baseURL?: string;
  /** Total deadline of a call in milliseconds, retries and backoff included (default 300000; 0 = none). */
  timeout?: number;
  /** Milliseconds to establish a connection (default 10000). */
  connectTimeout?: number;
  /** Milliseconds for one attempt (default 60000). */
  attemptTimeout?: number;
  /** Milliseconds without receiving a byte before an attempt fails (default 30000). */
  stallTimeout?: number;
  /** Retries after the first attempt (default 2; 0 disables). */
  maxRetries?: number;
  /** Proxy URL. Default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxy?: string;
  /** CA bundle file (PEM). Default: the system store. */
  caBundle?: string;
  /** Allow plain http:// to hosts other than loopback. */
  allowInsecureHttp?: boolean;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | string[];
  /** Prepended to the User-Agent. */
  userAgent?: string;
  /** Receives libdevin's log lines. */
  logger?: Logger;
  /** Default: env DEVIN_LOG, else 'warn'. */
  logLevel?: LogLevel;
  /**
   * How JSON bodies become objects. 'lazy' (default): views over libdevin's
   * parsed document that convert a member when it is first read; they act as
   * plain objects but are Proxies, which structuredClone/postMessage refuse.
   * 'text': V8's JSON.parse of the body. 'native': plain objects built by the
   * addon (slowest; kept for comparison).
   */
  decode?: 'lazy' | 'text' | 'native';
}

/** Per-call options (the last argument of every method). */
export interface RequestOptions {
  /** Aborting cancels the native request, also during a retry backoff. */
  signal?: AbortSignal;
  /** Total deadline of this call in milliseconds. */
  timeout?: number;
  maxRetries?: number;
  headers?: Record<string, string> | string[];
}

/** Response metadata, on every result as `$response` and on every API error. */
export declare class ResponseInfo {
  readonly status: number;
  readonly requestId: string | null;
  readonly retries: number;
  /** Milliseconds from the first attempt to the last byte. */
  readonly elapsed: number;
  /** Lowercase names. */
  readonly headers: Record<string, string>;
}

export type WithResponse<T> = T & { readonly $response: ResponseInfo };

export declare class Page<T> {
  readonly items: T[];
  readonly hasMore: boolean;
  /** Pass back as `after` (cursor lists) or `offset` (offset lists) to resume. */
  readonly cursor: string | null;
  readonly body: unknown;
  readonly $response: ResponseInfo;
}

/** A list: `for await` gives items, `.pages()` gives pages, awaiting gives the first page. */
export declare class Paginator<T> implements AsyncIterable<T>, PromiseLike<Page<T>> {
  [Symbol.asyncIterator](): AsyncIterator<T>;
  pages(): AsyncGenerator<Page<T>, void, unknown>;
  nextPage(): Promise<Page<T> | null>;
  toArray(): Promise<T[]>;
  /** Where the next page starts, or null. */
  readonly cursor: string | null;
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2>;
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R>;
}

export interface WaitOptions {
  /** 'idle' (default): done, or waiting for the user; 'terminal': exit, error or suspended. */
  until?: 'idle' | 'terminal';
  /** Milliseconds for the whole wait (default: no limit). */
  timeout?: number;
  signal?: AbortSignal;
  /** Called with every polled session. */
  onProgress?: (session: SessionResponse) => void;
  org_id?: string;
}

export interface RawRequestOptions extends RequestOptions {
  query?: Record<string, unknown>;
  /** A string or bytes are sent as they are; anything else as JSON. */
  body?: unknown;
  contentType?: string;
  /** 'json' (default: parsed when the response is JSON, else `{ text }`) or 'buffer'. */
  responseType?: 'json' | 'buffer';
}

export declare class DevinError extends Error {
  /** libdevin's status name: 'not_found', 'rate_limited', 'timeout', 'cancelled', … */
  readonly code: string | undefined;
  /** HTTP status, or undefined when no response was received. */
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  /** Parsed JSON error body (or its text). */
  readonly body: unknown;
  readonly headers: Record<string, string> | undefined;
  /** RFC 9457 problem fields. */
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  /** Seconds the server asked to wait (Retry-After), or undefined. */
  readonly retryAfter: number | undefined;
  readonly retries: number;
  readonly method: string | undefined;
  readonly path: string | undefined;
}
export declare class APIError extends DevinError {}
export declare class APIStatusError extends APIError {}
export declare class BadRequestError extends APIStatusError {}
export declare class AuthenticationError extends APIStatusError {}
export declare class PermissionDeniedError extends APIStatusError {}
export declare class NotFoundError extends APIStatusError {}
export declare class ConflictError extends APIStatusError {}
export declare class UnprocessableEntityError extends APIStatusError {}
export declare class RateLimitError extends APIStatusError {}
export declare class InternalServerError extends APIStatusError {}
export declare class APIConnectionError extends APIError {}
export declare class APITimeoutError extends APIConnectionError {}
export declare class APIResponseDecodeError extends APIError {}
export declare class APIUserAbortError extends DevinError {}
export declare class InvalidArgumentError extends DevinError {}

export declare const libdevinVersion: string;
export declare const abiVersion: number;
export declare function operations(): string[];

export declare class Devin extends GeneratedClient {
  constructor(options?: ClientOptions);
  /** The organization id in use, or null before it is known. */
  readonly orgId: string | null;
  readonly baseURL: string | null;
  /** Calls in flight. */
  readonly inflight: number;
  /** Cancels every call in flight; later calls reject. Idempotent. */
  close(): void;
  [Symbol.dispose](): void;
  /** An endpoint the description lacks, with the same auth, retries and errors. */
  request<T = unknown>(method: string, path: string, options?: RawRequestOptions): Promise<WithResponse<T>>;
}
export default Devin;
