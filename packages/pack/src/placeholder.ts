import type { MacAlgorithm } from '@shencha/core';

/**
 * The text that stands in the archive for a withheld file, at the file's own path. It names the rule,
 * the reason and the keyed commitment of the original (never a plain hash of it), so a reviewer knows
 * what is missing and the vendor can later prove what it was.
 */
export function placeholderText(p: {
  path: string;
  rule: string;
  reason: string;
  commitment: string;
  algorithm: MacAlgorithm;
  originalSize: number;
}): string {
  const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();
  return [
    'This file is withheld from the source package by shencha.',
    '',
    `path: ${oneLine(p.path)}`,
    `rule: ${oneLine(p.rule)}`,
    `reason: ${oneLine(p.reason)}`,
    `original size in bytes: ${p.originalSize}`,
    `commitment of the original file (${p.algorithm}, keyed): ${p.commitment}`,
    '',
    'The commitment binds the sha256 of the original file under the vendor\'s commitment key; the vendor',
    `can open it for a reviewer with \`shencha reveal file:${oneLine(p.path)}\` without disclosing anything else.`,
    '',
  ].join('\n');
}
