import parseSpdx from 'spdx-expression-parse';

/** True when `value` is a valid SPDX licence expression (a single id counts). */
export function isSpdxExpression(value: string): boolean {
  try {
    parseSpdx(value);
    return true;
  } catch {
    return false;
  }
}

/** True when the expression is a compound one (AND/OR/WITH) rather than a single id. */
export function isCompoundExpression(value: string): boolean {
  return /\s(AND|OR|WITH)\s/i.test(value) || value.includes('(');
}
