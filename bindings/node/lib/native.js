'use strict';
// Loads devin.node and checks that the libdevin inside speaks the C ABI this
// JavaScript layer was written for.
const path = require('node:path');

/** The devin.h ABI version lib/*.js is written against. */
const EXPECTED_ABI = 1;

function load() {
  const candidates = [
    process.env.DEVIN_NODE_ADDON,
    path.join(__dirname, '..', 'build', 'Release', 'devin.node'),
    path.join(__dirname, '..', 'build', 'Debug', 'devin.node'),
  ].filter(Boolean);
  let lastError;
  for (const file of candidates) {
    try {
      return require(file);
    } catch (e) {
      if (e && e.code !== 'MODULE_NOT_FOUND') throw e;
      lastError = e;
    }
  }
  const err = new Error(
    'devin: the native addon is not built. Its install script builds it; npm >= 11 skips ' +
      'dependency install scripts until they are approved: run `npm install-scripts approve devin` ' +
      '(or add "allowScripts": {"devin": true} to package.json), then `npm rebuild devin`. ' +
      'Building needs cmake, a C++20 compiler, libcurl and simdjson development files.');
  err.cause = lastError;
  throw err;
}

const native = load();
if (native.abiVersion !== EXPECTED_ABI || native.headerAbiVersion !== EXPECTED_ABI) {
  throw new Error(
    `devin: libdevin ABI ${native.abiVersion} (header ${native.headerAbiVersion}) does not ` +
      `match the ABI ${EXPECTED_ABI} this package expects; rebuild the addon`);
}

module.exports = { native, EXPECTED_ABI };
