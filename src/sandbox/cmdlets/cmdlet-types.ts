import type { TenantState } from '../tenant-state.ts';
import { exchangeErrors } from './exchange-errors.ts';

export type ExchangeObject = Record<string, unknown>;

export interface CmdletContext {
  state: TenantState;
  restoreDurationMs: number;
  userProvisioningDelayMs: number;
  /** Collected into `@adminapi.warnings`. */
  warnings: string[];
}

export interface CmdletDefinition {
  name: string;
  kind: 'read' | 'write';
  /** Canonical parameter names; PowerShell binds them case-insensitively. */
  parameters: readonly string[];
  required?: readonly string[];
  run(params: CmdletParameters, context: CmdletContext): ExchangeObject[];
  /** The identity a write acts on, for the ledger. */
  describeTarget?(params: CmdletParameters): string;
}

/** Parameters every cmdlet accepts. */
const COMMON_PARAMETERS = ['ErrorAction', 'WarningAction', 'Confirm', 'WhatIf', 'Verbose'];

/** Parameters bound to their canonical names, with PowerShell's loose typing for switches and strings. */
export class CmdletParameters {
  readonly values: ReadonlyMap<string, unknown>;

  private constructor(values: Map<string, unknown>) {
    this.values = values;
  }

  static bind(definition: CmdletDefinition, raw: Record<string, unknown>): CmdletParameters {
    const known = new Map([...definition.parameters, ...COMMON_PARAMETERS].map((name) => [name.toLowerCase(), name]));
    const values = new Map<string, unknown>();
    for (const [key, value] of Object.entries(raw)) {
      const canonical = known.get(key.toLowerCase());
      if (!canonical) throw exchangeErrors.parameterNotFound(key);
      values.set(canonical, value);
    }
    const missing = (definition.required ?? []).filter(
      (name) => values.get(name) === undefined || values.get(name) === '',
    );
    if (missing.length > 0) throw exchangeErrors.missingParameters(missing);
    return new CmdletParameters(values);
  }

  has(name: string): boolean {
    return this.values.get(name) !== undefined && this.values.get(name) !== null;
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    throw exchangeErrors.invalidParameterValue(name, JSON.stringify(value));
  }

  requireString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw exchangeErrors.missingParameters([name]);
    return value;
  }

  /** A switch: `true`, `"true"` or `"$true"` turn it on. */
  switch(name: string): boolean {
    const value = this.values.get(name);
    if (value === undefined || value === null || value === false) return false;
    if (value === true) return true;
    if (typeof value === 'string' && ['true', '$true'].includes(value.toLowerCase())) return true;
    if (typeof value === 'string' && ['false', '$false'].includes(value.toLowerCase())) return false;
    throw exchangeErrors.invalidParameterValue(name, value);
  }

  raw(name: string): unknown {
    return this.values.get(name);
  }

  /** The bound parameters without secrets, for the ledger. */
  toRecord(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }
}
