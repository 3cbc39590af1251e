// require('libdevin/testing') / import { startEmulator } from 'libdevin/testing':
// devin-emulator (a local, stateful Devin API v3, bundled in the npm package
// for linux-x64) on a free port, for your own tests.
/// <reference types="node" />
import type { ChildProcess } from 'node:child_process';

export interface EmulatorOptions {
  /** Simulated-time factor; default 100 (a session finishes in about 25 ms instead of 2.4 s). */
  speed?: number;
  /** Address to bind; default '127.0.0.1'. */
  host?: string;
  /**
   * Serve HTTPS. `true` makes a self-signed certificate for 127.0.0.1/localhost
   * with the `openssl` command (removed by close()); or give your own PEM files.
   */
  tls?: boolean | { cert: string; key: string };
  /** A JSON seed file (principals and data); default: the built-in seed. */
  seed?: string;
  /** Persist the state to this file (loaded at start when it exists). */
  state?: string;
  /** Per-key token bucket in requests/second (429 + Retry-After when empty); 0 disables (default). */
  rateLimit?: number;
  /** Answer validation errors with FastAPI's {"detail": [...]} instead of RFC 9457 problem details. */
  legacyErrors?: boolean;
  /**
   * Check each of the emulator's own successful answers against the API
   * description: a violation answers 500 with a problem body naming the rule
   * (use it in test suites, so no test passes on a wrong answer). Default false.
   */
  strict?: boolean;
  /** Worker threads (default 256). */
  threads?: number;
  /** More command-line arguments (`devin-emulator --help`). */
  args?: string[];
  /** The executable; default DEVIN_EMULATOR_BIN, else the bundled one, else devin-emulator on PATH. */
  bin?: string;
  /** Environment of the emulator process (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** 'pipe' (default: kept for the error message if it fails to start) or 'inherit'. */
  stderr?: 'pipe' | 'inherit';
}

/** A fault rule (docs/emulator.md): the next `count` matching requests get it. */
export interface Fault {
  kind?: 'status' | 'delay' | 'close' | 'truncate' | 'malformed' | 'stall';
  /** HTTP method to match; default '*'. */
  method?: string;
  /** Path glob ('*' matches anything, '/' included); default '*'. */
  path?: string;
  /** How many requests get it; default 1. */
  count?: number;
  /** kind 'status': the status to answer (default 503). */
  status?: number;
  /** kind 'status': a Retry-After header (seconds or an HTTP date). */
  retry_after?: string | number;
  /** kind 'status': a retry-after-ms header. */
  retry_after_ms?: number;
  /** kind 'delay' (default 500) and 'stall' (default 60000): milliseconds. */
  delay_ms?: number;
  /** kind 'status': the body (a string as is, anything else as JSON; default problem+json). */
  body?: unknown;
}

/** One request the emulator received (GET /_emulator/requests). */
export interface RecordedRequest {
  [key: string]: unknown;
}

export interface Emulator {
  /** 'http://127.0.0.1:PORT' (or https://). */
  readonly url: string;
  /** The org admin key of the built-in seed (= keys.admin). */
  readonly apiKey: string;
  /** The API keys of the built-in seed. */
  readonly keys: typeof KEYS;
  /** With `tls`: the certificate to trust (pass as `caBundle`, or in SSL_CERT_FILE). */
  readonly caFile?: string;
  /** `{ baseURL, apiKey, caBundle? }` for `new Devin(...)`. */
  readonly clientOptions: { readonly baseURL: string; readonly apiKey: string; readonly caBundle?: string };
  readonly pid: number | undefined;
  readonly process: ChildProcess;
  /** Adds a fault rule; resolves to its id. */
  fault(fault: Fault): Promise<{ id: string }>;
  /** The active fault rules. */
  faults(): Promise<Array<{ id: string; method: string; path: string; kind: string; count: number }>>;
  /** Removes every fault rule. */
  clearFaults(): Promise<void>;
  /** Restores the seed and clears faults and the request log. */
  reset(): Promise<void>;
  /** The recorded requests, oldest first. */
  requests(): Promise<RecordedRequest[]>;
  clearRequests(): Promise<void>;
  /** Moves a session to its next simulated step now. */
  advance(sessionId: string): Promise<{ ok: boolean; advanced: boolean }>;
  /** The whole state as JSON. */
  state(): Promise<Record<string, unknown>>;
  /** Stops the emulator; resolves once it has exited. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts devin-emulator on a free port and resolves once it listens. */
export declare function startEmulator(options?: EmulatorOptions): Promise<Emulator>;

/** The devin-emulator executable that startEmulator() would run (throws if there is none). */
export declare function emulatorPath(env?: NodeJS.ProcessEnv): string;

export declare const KEYS: {
  readonly admin: 'cog_emulator_org_admin';
  readonly readonly: 'cog_emulator_org_readonly';
  readonly org2: 'cog_emulator_org2_admin';
  readonly enterprise: 'cog_emulator_enterprise_admin';
};
