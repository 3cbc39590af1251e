'use strict';
// Starts a private devin-emulator on port 0 for one test file, and talks to
// its admin API (faults, recorded requests, reset).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..', '..', '..');

function emulatorBin() {
  const candidates = [
    process.env.DEVIN_EMULATOR_BIN,
    path.join(ROOT, 'build', 'default', 'emulator', 'devin-emulator'),
    path.join(ROOT, 'build', 'node-emu', 'emulator', 'devin-emulator'),
  ].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`devin-emulator not found (set DEVIN_EMULATOR_BIN); tried ${candidates.join(', ')}`);
  return found;
}

/** The package under test: the checkout's bindings/node unless
 *  DEVIN_NODE_PACKAGE names another (an installed copy). */
function loadDevin() {
  return require(process.env.DEVIN_NODE_PACKAGE || path.join(ROOT, 'bindings', 'node'));
}

const KEYS = {
  admin: 'cog_emulator_org_admin',
  readonly: 'cog_emulator_org_readonly',
  org2: 'cog_emulator_org2_admin',
  enterprise: 'cog_emulator_enterprise_admin',
};

async function startEmulator(extraArgs = []) {
  const child = spawn(emulatorBin(), ['--host', '127.0.0.1', '--port', '0', '--speed', '100', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = readline.createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('emulator did not start in 10 s')), 10000);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    rl.once('line', (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/\S+)$/.exec(line.trim());
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected emulator output: ${line}`));
    });
  });
  rl.on('line', () => {}); // keep draining stdout
  // node:http without keep-alive: an idle pooled connection would delay the
  // emulator's shutdown.
  const admin = (method, p, body) => new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : undefined;
    const req = http.request(url + p, {
      method, agent: false,
      headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {},
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        if (res.statusCode >= 300) reject(new Error(`admin ${method} ${p}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : null);
      });
    });
    req.on('error', reject);
    req.end(data);
  });
  return {
    url,
    child,
    fault: (f) => admin('POST', '/_emulator/faults', { count: 1, method: '*', ...f }),
    clearFaults: () => admin('DELETE', '/_emulator/faults'),
    reset: () => admin('POST', '/_emulator/reset'),
    requests: async () => (await admin('GET', '/_emulator/requests')).requests,
    clearRequests: () => admin('DELETE', '/_emulator/requests'),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const hard = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      child.kill('SIGTERM');
    }),
  };
}

module.exports = { startEmulator, loadDevin, emulatorBin, KEYS, ROOT };
