'use strict';
// The package under test, and a private devin-emulator on port 0 for each
// test file (through the package's own libdevin/testing helper).
const fs = require('node:fs');
const path = require('node:path');

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
 *  DEVIN_NODE_PACKAGE names another (the installed copy, in
 *  <project>/node_modules/libdevin, which is what tools/scripts/test-node.sh
 *  runs the suite against). */
const PKG = path.resolve(process.env.DEVIN_NODE_PACKAGE || path.join(ROOT, 'bindings', 'node'));
/** The project the package is installed in (bare `libdevin` resolves from
 *  there), or null for the checkout's folder. */
const PROJECT = path.basename(path.dirname(PKG)) === 'node_modules' ? path.dirname(path.dirname(PKG)) : null;

function loadDevin() {
  return require(PKG);
}

/** The package's own helper, libdevin/testing. */
function loadTesting() {
  return require(path.join(PKG, 'lib', 'testing.js'));
}

const KEYS = {
  admin: 'cog_emulator_org_admin',
  readonly: 'cog_emulator_org_readonly',
  org2: 'cog_emulator_org2_admin',
  enterprise: 'cog_emulator_enterprise_admin',
};

/** A private emulator for one test file (--strict), started by libdevin/testing (the
 *  emulator bundled in the installed package unless DEVIN_EMULATOR_BIN names
 *  one; from the checkout, the build tree's). */
async function startEmulator(extraArgs = []) {
  const bin = process.env.DEVIN_EMULATOR_BIN || PROJECT ? undefined : emulatorBin();
  // strict: a body that breaks the API description answers 500, so no test
  // passes on a wrong answer.
  const emu = await loadTesting().startEmulator({ bin, strict: true, args: extraArgs });
  return { ...emu, child: emu.process, stop: emu.close };
}

module.exports = { startEmulator, loadDevin, loadTesting, emulatorBin, KEYS, ROOT, PKG, PROJECT };
