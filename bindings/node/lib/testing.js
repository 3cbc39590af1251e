'use strict';
// require('libdevin/testing'): starts devin-emulator (a local, stateful Devin
// API, shipped in the npm package) on a free port for the user's own tests,
// and stops it. See testing.d.ts and docs/node.md.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const PACKAGE_DIR = path.join(__dirname, '..');
const EXE = 'devin-emulator';

/** The API keys of the emulator's built-in seed (docs/emulator.md). */
const KEYS = Object.freeze({
  admin: 'cog_emulator_org_admin',
  readonly: 'cog_emulator_org_readonly',
  org2: 'cog_emulator_org2_admin',
  enterprise: 'cog_emulator_enterprise_admin',
});

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The devin-emulator executable: DEVIN_EMULATOR_BIN, else the one bundled in
 * the package (prebuilds/<platform>-<arch>/devin-emulator), else PATH.
 */
function emulatorPath(env = process.env) {
  const tried = [];
  if (env.DEVIN_EMULATOR_BIN) {
    if (isExecutable(env.DEVIN_EMULATOR_BIN)) return path.resolve(env.DEVIN_EMULATOR_BIN);
    tried.push(`DEVIN_EMULATOR_BIN=${env.DEVIN_EMULATOR_BIN}`);
  }
  const bundled = path.join(PACKAGE_DIR, 'prebuilds', `${process.platform}-${process.arch}`, EXE);
  if (isExecutable(bundled)) return bundled;
  tried.push(bundled);
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, EXE))) return path.join(dir, EXE);
  }
  tried.push('PATH');
  const err = new Error(
    `libdevin/testing: ${EXE} not found (tried ${tried.join(', ')}). The npm package bundles it for ` +
      'linux-x64; elsewhere build it from the repository (`make build` → build/default/emulator/devin-emulator) ' +
      'and set DEVIN_EMULATOR_BIN or put it on PATH.');
  err.code = 'ERR_LIBDEVIN_NO_EMULATOR';
  throw err;
}

/** A self-signed certificate for 127.0.0.1/localhost, made with the openssl CLI. */
function makeCertificate(dir) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error('libdevin/testing: `tls: true` needs the openssl command to make a certificate ' +
      `(${r.error ? r.error.message : r.stderr.trim()}); or pass tls: { cert, key }`);
  }
  return { cert, key };
}

// If the test process ends without close(), its emulators go with it.
const live = new Set();
const killAll = () => { for (const kill of live) kill(); };
function track(kill) {
  if (live.size === 0) process.on('exit', killAll);
  live.add(kill);
}
function untrack(kill) {
  live.delete(kill);
  if (live.size === 0) process.removeListener('exit', killAll);
}

function buildArgs(o, tls) {
  // --exit-with-stdin: the emulator leaves when our end of its stdin pipe
  // closes, so even a crashed or killed test process leaves none behind.
  const args = ['--host', o.host || '127.0.0.1', '--port', '0', '--exit-with-stdin',
    '--speed', String(o.speed ?? 100)];
  if (tls) args.push('--tls-cert', tls.cert, '--tls-key', tls.key);
  if (o.seed) args.push('--seed', o.seed);
  if (o.state) args.push('--state', o.state);
  if (o.rateLimit !== undefined) args.push('--rate-limit', String(o.rateLimit));
  if (o.legacyErrors) args.push('--legacy-errors');
  if (o.strict) args.push('--strict');
  if (o.threads !== undefined) args.push('--threads', String(o.threads));
  if (o.args) args.push(...o.args.map(String));
  return args;
}

/**
 * Starts devin-emulator on a free port. Resolves once it listens.
 * @param {import('../testing').EmulatorOptions} [options]
 * @returns {Promise<import('../testing').Emulator>}
 */
async function startEmulator(options = {}) {
  const bin = options.bin || emulatorPath(options.env || process.env);
  let tmp;
  let tls;
  if (options.tls === true) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'libdevin-emulator-'));
    try {
      tls = makeCertificate(tmp);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  } else if (options.tls) {
    tls = { cert: options.tls.cert, key: options.tls.key };
  }
  const removeTmp = () => tmp && fs.rmSync(tmp, { recursive: true, force: true });

  const child = spawn(bin, buildArgs(options, tls), {
    stdio: ['pipe', 'pipe', options.stderr === 'inherit' ? 'inherit' : 'pipe'],
    env: options.env || process.env,
  });
  // The tail of stderr, for the error message if it does not start.
  let errTail = '';
  if (child.stderr) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { errTail = (errTail + d).slice(-2000); });
  }
  let exited = false;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
    // A spawn failure (ENOENT, EACCES) emits 'error' and no 'exit'.
    child.once('error', () => {
      exited = true;
      resolve({ code: null, signal: null });
    });
  });
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  track(killOnExit);

  const rl = readline.createInterface({ input: child.stdout });
  let url;
  try {
    url = await new Promise((resolve, reject) => {
      child.once('error', (e) => reject(new Error(`libdevin/testing: cannot run ${bin}: ${e.message}`)));
      exitPromise.then(({ code, signal }) => reject(new Error(
        `libdevin/testing: ${bin} exited (${signal || code}) before listening${errTail ? `: ${errTail.trim()}` : ''}`)));
      rl.once('line', (line) => {
        const m = /^listening on (https?:\/\/\S+)$/.exec(line.trim());
        if (m) resolve(m[1]);
        else reject(new Error(`libdevin/testing: unexpected first line from ${bin}: ${line}`));
      });
    });
  } catch (e) {
    killOnExit();
    await exitPromise;
    untrack(killOnExit);
    removeTmp();
    throw e;
  }
  rl.on('line', () => {}); // keep draining stdout

  // Admin API calls: no keep-alive (an idle pooled connection would hold a
  // worker of the emulator and delay its shutdown).
  const ca = tls ? fs.readFileSync(tls.cert) : undefined;
  const admin = (method, p, body) => new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const lib = url.startsWith('https:') ? https : http;
    const req = lib.request(url + p, {
      method, agent: false, ca,
      headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {},
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        if (res.statusCode >= 300) reject(new Error(`libdevin/testing: ${method} ${p}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : null);
      });
    });
    req.on('error', reject);
    req.end(data);
  });

  let closing;
  const close = () => {
    if (!closing) {
      closing = (async () => {
        if (!exited) {
          child.kill('SIGTERM');
          // A last resort only: the emulator leaves within a second of SIGTERM.
          const hard = setTimeout(() => child.kill('SIGKILL'), 10000);
          await exitPromise;
          clearTimeout(hard);
        }
        untrack(killOnExit);
        removeTmp();
      })();
    }
    return closing;
  };

  const emulator = {
    url,
    pid: child.pid,
    apiKey: KEYS.admin,
    keys: KEYS,
    caFile: tls ? tls.cert : undefined,
    clientOptions: Object.freeze({ baseURL: url, apiKey: KEYS.admin, ...(tls ? { caBundle: tls.cert } : {}) }),
    process: child,
    fault: (f) => admin('POST', '/_emulator/faults', { count: 1, method: '*', ...f }),
    clearFaults: async () => { await admin('DELETE', '/_emulator/faults'); },
    faults: async () => (await admin('GET', '/_emulator/faults')).faults,
    reset: async () => { await admin('POST', '/_emulator/reset'); },
    requests: async () => (await admin('GET', '/_emulator/requests')).requests,
    clearRequests: async () => { await admin('DELETE', '/_emulator/requests'); },
    advance: (sessionId) => admin('POST', `/_emulator/sessions/${encodeURIComponent(sessionId)}/advance`),
    state: () => admin('GET', '/_emulator/state'),
    close,
  };
  if (Symbol.asyncDispose) emulator[Symbol.asyncDispose] = close;
  return emulator;
}

module.exports = { startEmulator, emulatorPath, KEYS };
