import type { BulkOperationItem } from '../model.ts';
import type { LicenseSku } from '../tenant-ports.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { COLUMNS, readField } from './item-fields.ts';
import { PREFLIGHT_CODES, rowIssue } from './preflight-codes.ts';

export interface LicenceOptions {
  defaultLicenseSku?: string;
  /** Every recovered user must get a licence: a row with no SKU (and no default) is an error. */
  requireLicense?: boolean;
  defaultUsageLocation?: string;
}

/**
 * Counts licences across the file, in row order: the rows beyond `enabledUnits − consumedUnits` of their SKU
 * are flagged. Rows already blocked by another error will not run, so they do not take a licence.
 */
export function checkLicences(
  items: readonly BulkOperationItem[],
  skus: readonly LicenseSku[],
  blocked: ReadonlySet<number>,
  options: LicenceOptions,
): ValidationIssue[] {
  const used = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  for (const item of items) {
    if (!item.targetIdentity?.trim() || blocked.has(item.rowNumber)) continue;
    const fromRow = readField(item, COLUMNS.licenseSku);
    const requested = fromRow ?? options.defaultLicenseSku?.trim();
    const column = fromRow ? COLUMNS.licenseSku : null;
    if (!requested) {
      if (options.requireLicense) {
        const message = `No licence is given for ${item.targetIdentity} (no license_sku in the row and no default licence is set).`;
        issues.push(rowIssue(item, COLUMNS.licenseSku, PREFLIGHT_CODES.noLicenseAvailable, 'error', message));
      }
      continue;
    }
    // A recovered user starts without a usage location, and Graph refuses to license such a user: catching it
    // here saves a recovered-but-unlicensed mailbox half-way through the job.
    if (!readField(item, COLUMNS.usageLocation) && !options.defaultUsageLocation?.trim()) {
      const message = `A licence (${requested}) is requested for ${item.targetIdentity}, but no usage location is known: fill usage_location in the row or set a default usage location.`;
      issues.push(rowIssue(item, COLUMNS.usageLocation, PREFLIGHT_CODES.usageLocationRequired, 'error', message));
      continue;
    }
    const sku = findSku(skus, requested);
    if (!sku) {
      const message = `The tenant has no licence with the SKU ${requested}.`;
      issues.push(rowIssue(item, column, PREFLIGHT_CODES.noLicenseAvailable, 'error', message));
      continue;
    }
    const free = Math.max(0, sku.enabledUnits - sku.consumedUnits);
    const count = (used.get(sku.skuId) ?? 0) + 1;
    used.set(sku.skuId, count);
    if (count <= free) continue;
    const message =
      free === 0
        ? `The tenant has no free ${sku.skuPartNumber} licence (${sku.consumedUnits} of ${sku.enabledUnits} in use).`
        : `All ${free} free ${sku.skuPartNumber} licences are taken by earlier rows of this file.`;
    issues.push(rowIssue(item, column, PREFLIGHT_CODES.noLicenseAvailable, 'error', message));
  }
  return issues;
}

/** A SKU by part number (`ENTERPRISEPACK`, any case) or by skuId. */
export function findSku(skus: readonly LicenseSku[], requested: string): LicenseSku | undefined {
  const wanted = requested.trim().toLowerCase();
  return skus.find((sku) => sku.skuPartNumber.toLowerCase() === wanted || sku.skuId.toLowerCase() === wanted);
}
