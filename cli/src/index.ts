export { buildProgram, main, VERSION } from './main.js';
