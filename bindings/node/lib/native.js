'use strict';
// Loads the native addon (lib/loader.js says which file) and checks that the
// libdevin inside speaks the C ABI this JavaScript layer was written for.
const { locate, unsupportedError } = require('./loader');

/** The devin.h ABI version lib/*.js is written against. */
const EXPECTED_ABI = 1;

function load() {
  const found = locate();
  if (found.error) throw found.error;
  try {
    return require(found.file);
  } catch (e) {
    if (found.kind === 'prebuilt') {
      // The checks passed but the dynamic loader still refused (a libstdc++
      // older than GCC 11's, a stripped-down system): same advice.
      throw unsupportedError(`this system (${found.file} failed to load: ${e && e.message})`, e);
    }
    const err = new Error(`libdevin: cannot load the native addon ${found.file} (${found.kind}): ${e && e.message}`);
    err.code = 'ERR_LIBDEVIN_LOAD';
    err.cause = e;
    throw err;
  }
}

const native = load();
if (native.abiVersion !== EXPECTED_ABI || native.headerAbiVersion !== EXPECTED_ABI) {
  throw new Error(
    `libdevin: libdevin ABI ${native.abiVersion} (header ${native.headerAbiVersion}) does not ` +
      `match the ABI ${EXPECTED_ABI} this package expects; rebuild the addon`);
}

module.exports = { native, EXPECTED_ABI };
