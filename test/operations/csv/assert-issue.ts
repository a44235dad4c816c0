import assert from 'node:assert/strict';
import type { ValidationIssue } from '../../../src/operations/validation-issue.ts';

export interface ExpectedIssue {
  row: number | null;
  column?: string | null;
  code: string;
  severity?: ValidationIssue['severity'];
  /** A fragment the sentence must contain. */
  message?: string | RegExp;
}

function matches(issue: ValidationIssue, expected: ExpectedIssue): boolean {
  if (issue.row !== expected.row || issue.code !== expected.code) return false;
  if (expected.column !== undefined && issue.column !== expected.column) return false;
  if (expected.severity !== undefined && issue.severity !== expected.severity) return false;
  if (typeof expected.message === 'string') return issue.message.includes(expected.message);
  return expected.message === undefined || expected.message.test(issue.message);
}

/** Fails with the whole list when no issue matches: the list is what one needs to see to fix the test. */
export function assertIssue(issues: readonly ValidationIssue[], expected: ExpectedIssue): ValidationIssue {
  const found = issues.find((issue) => matches(issue, expected));
  if (found === undefined) {
    assert.fail(`expected ${JSON.stringify(expected)} among:\n${JSON.stringify(issues, null, 2)}`);
  }
  return found;
}

export function assertNoErrors(issues: readonly ValidationIssue[]): void {
  const errors = issues.filter((issue) => issue.severity === 'error');
  assert.deepEqual(errors, [], 'expected no error issues');
}

export function codesOf(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) => issue.code);
}

/** CSV text as the bytes an upload would carry (UTF-8, no BOM). */
export function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

export const GUID_A = '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40';
export const GUID_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const GUID_C = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
