/**
 * The account every rule-family unit test judges: not the training lab
 * (111122223333, eu-west-1), so a rule that only works on the lab fails here.
 */
import { expect } from 'vitest';
import type { DiagnosticsSettings } from '../../../../src/shared/contract';
import type { EvaluationContext, FindingDraft } from '../../../../src/main/diagnostics/types';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

export const emptySettings: DiagnosticsSettings = { deployers: [], requiredProperties: {}, parameterPaths: {} };

export function context(over: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    account: ACCOUNT,
    region: REGION,
    partition: 'aws',
    now: new Date('2026-03-01T12:00:00Z'),
    settings: emptySettings,
    ...over,
  };
}

/** The finding with this id; a missing one fails the test by name rather than on a later property read. */
export function findingOf(findings: readonly FindingDraft[], id: string): FindingDraft {
  const found = findings.find((f) => f.id === id);
  expect(found, `finding ${id}`).toBeDefined();
  return found as FindingDraft;
}
