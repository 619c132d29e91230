import { describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '@shencha/core';
import { recommendedAction, resolvePolicy, riskScore, TRIGGER_RULES } from '../src/index.js';

describe('revocation-risk score', () => {
  const { policy } = resolvePolicy(undefined);

  it('is 0 with no trigger, bounded by 100, and combines weights as independent chances', () => {
    expect(riskScore([], policy)).toBe(0);
    expect(riskScore(['endpoint-added'], policy)).toBe(40);
    // 1 − 0.6 × 0.6 = 0.64
    expect(riskScore(['endpoint-added', 'endpoint-added'], policy)).toBe(64);
    expect(riskScore(Array(50).fill('sm-default-dropped'), policy)).toBe(100);
    expect(riskScore(['source-changed'], policy)).toBe(0);
  });

  it('recommends an action by score, never below what the change class asks', () => {
    expect(recommendedAction(0, 'none', policy)).toBe('none');
    expect(recommendedAction(2, 'minor', policy)).toBe('notify-operator');
    expect(recommendedAction(0, 'minor', policy)).toBe('notify-operator');
    expect(recommendedAction(25, 'material', policy)).toBe('refresh-evidence');
    expect(recommendedAction(73, 'material', policy)).toBe('consider-re-filing');
  });

  it('takes weights and thresholds from the policy file; unknown rule ids are reported', () => {
    const section = { weights: { 'endpoint-added': 90, 'no-such-rule': 5 }, thresholds: { considerReFiling: 95 } };
    expect(validateAgainstSchema('policy', { schemaVersion: 1, attest: { weights: { 'endpoint-added': 90 }, thresholds: { considerReFiling: 95 } } })).toEqual([]);
    expect(validateAgainstSchema('policy', { schemaVersion: 1, attest: { weights: { 'endpoint-added': 101 } } })).not.toEqual([]);
    const r = resolvePolicy(section);
    expect(r.unknownRules).toEqual(['no-such-rule']);
    expect(riskScore(['endpoint-added'], r.policy)).toBe(90);
    expect(recommendedAction(90, 'material', r.policy)).toBe('refresh-evidence');
  });

  it('every rule has a unique id and a class', () => {
    expect(new Set(TRIGGER_RULES.map((r) => r.id)).size).toBe(TRIGGER_RULES.length);
    for (const r of TRIGGER_RULES) expect(['none', 'minor', 'material']).toContain(r.changeClass);
  });
});
