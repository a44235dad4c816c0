import assert from 'node:assert/strict';
import { createItem, type BulkOperationItem, type BulkOperationType } from '../../../src/operations/model.ts';
import { buildTenantSnapshot, runPreflight, type PreflightOptions } from '../../../src/operations/preflight/index.ts';
import type { ValidationIssue } from '../../../src/operations/validation-issue.ts';
import { FakeTenant, type FakeTenantSeed } from '../../fakes/fake-tenant.ts';

/** A data row as the CSV importer makes it; rows are numbered from 2 (the header is line 1). */
export function row(
  rowNumber: number,
  sourceIdentity: string,
  targetIdentity: string | null,
  additionalData: Record<string, string> = {},
): BulkOperationItem {
  return createItem({ rowNumber, sourceIdentity, targetIdentity, additionalData });
}

/** Snapshot through the fake gateways, then the verdicts: what an admin's upload goes through. */
export async function preflight(
  seed: FakeTenantSeed,
  items: BulkOperationItem[],
  type: BulkOperationType,
  options: PreflightOptions = {},
): Promise<{ issues: ValidationIssue[]; tenant: FakeTenant }> {
  const tenant = new FakeTenant(seed);
  const snapshot = await buildTenantSnapshot(items, type, { exchange: tenant.exchange, graph: tenant.graph }, options);
  return { issues: runPreflight(items, type, snapshot, options), tenant };
}

export interface ExpectedIssue {
  row: number;
  code: string;
  severity: 'error' | 'warning';
  column?: string | null;
  /** Text the sentence must contain (the value it names). */
  mentions?: string;
}

export function assertIssue(issues: readonly ValidationIssue[], expected: ExpectedIssue): void {
  const found = issues.find((issue) => issue.row === expected.row && issue.code === expected.code);
  assert.ok(found, `expected ${expected.code} on row ${expected.row}, got ${JSON.stringify(issues, null, 1)}`);
  assert.equal(found.severity, expected.severity);
  if (expected.column !== undefined) assert.equal(found.column, expected.column);
  if (expected.mentions) assert.ok(found.message.includes(expected.mentions), found.message);
  assert.match(found.message, /^[A-Z'].*\.$/s, 'one sentence');
}

export function codesOf(issues: readonly ValidationIssue[], severity?: 'error' | 'warning'): string[] {
  return issues
    .filter((issue) => !severity || issue.severity === severity)
    .map((issue) => `${issue.row}:${issue.code}`);
}
