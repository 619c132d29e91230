import type { Rule } from '../src/rule.js';
import { rule as domesticEligible } from './domestic-eligible.js';
import { rule as noForeignControl } from './no-foreign-control-endpoint.js';
import { rule as noForeignTelemetry } from './no-foreign-telemetry-endpoint.js';
import { rule as noUnknownCore } from './no-unknown-core.js';
import { rule as smSupported } from './sm-algorithms-supported.js';
import { rule as t1Domestic } from './t1-domestic-origin.js';

/** Every built-in rule, in id order. A new rule is one file here plus one line. */
export const RULES: readonly Rule[] = [domesticEligible, noForeignControl, noForeignTelemetry, noUnknownCore, smSupported, t1Domestic];
