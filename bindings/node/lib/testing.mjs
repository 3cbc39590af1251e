// import { startEmulator } from 'libdevin/testing'
import cjs from './testing.js';

export const { startEmulator, emulatorPath, KEYS } = cjs;
