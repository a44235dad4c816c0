import type { BulkOperationItem } from '../model.ts';
import type { ItemOutcome } from '../ports.ts';
import { COLUMNS, readField } from '../preflight/item-fields.ts';
import { findSku } from '../preflight/license-rules.ts';
import { TEMPORARY_ACCESS_PASS_REQUEST } from '../preflight/tap-policy-rules.ts';
import type { DirectoryUser, GraphGateway, LicenseSku, TemporaryAccessPass } from '../tenant-ports.ts';
import type { RecoveryRun } from './recovery-checkpoint.ts';
import { failPermanently } from './tenant-failure.ts';

export const LICENSE_SKU_NOT_FOUND = 'LICENSE_SKU_NOT_FOUND';

/** Hands a Temporary Access Pass to whoever delivers it to the requester (in memory; never stored). */
export interface TemporaryAccessPassDelivery {
  deliver(jobId: string, rowNumber: number, upn: string, pass: TemporaryAccessPass): void;
}

export interface AccessSettings {
  defaultUsageLocation?: string;
  defaultLicenseSku?: string;
}

export type SkuLookup = (requested: string) => Promise<LicenseSku | undefined>;

/** Reads the tenant's SKUs once per executor (so once per job); a failed read is tried again next time. */
export function createSkuLookup(graph: Pick<GraphGateway, 'listSubscribedSkus'>): SkuLookup {
  let skus: Promise<LicenseSku[]> | undefined;
  return async (requested) => {
    const pending = (skus ??= graph.listSubscribedSkus());
    try {
      return findSku(await pending, requested);
    } catch (error) {
      if (skus === pending) skus = undefined;
      throw error;
    }
  };
}

/** The row's (or the default) SKU and usage location: both optional. */
export function licenceRequestOf(
  item: Readonly<BulkOperationItem>,
  settings: AccessSettings,
): { sku?: string; usageLocation?: string } {
  return {
    sku: readField(item, COLUMNS.licenseSku) ?? (settings.defaultLicenseSku?.trim() || undefined),
    usageLocation: readField(item, COLUMNS.usageLocation) ?? (settings.defaultUsageLocation?.trim() || undefined),
  };
}

/**
 * Graph refuses a licence for a user without a usage location, so it is set first. Each write is skipped when the
 * user as last read already has it: a row resumed after a crash between the two writes (or after a write whose
 * answer was lost) then sends neither again.
 */
export async function applyLicence(
  run: RecoveryRun,
  user: Pick<DirectoryUser, 'id' | 'usageLocation' | 'assignedLicenses'>,
  graph: Pick<GraphGateway, 'setUsageLocation' | 'assignLicense'>,
  lookUpSku: SkuLookup,
  settings: AccessSettings,
): Promise<ItemOutcome | undefined> {
  const { sku, usageLocation } = licenceRequestOf(run.item, settings);
  const userId = user.id;
  const locationSet = usageLocation !== undefined && user.usageLocation?.toUpperCase() === usageLocation.toUpperCase();
  let assigned = '';
  if (sku) {
    const found = await lookUpSku(sku);
    if (!found) {
      return failPermanently(
        LICENSE_SKU_NOT_FOUND,
        `The mailbox was recovered as ${run.upn}, but the tenant has no licence with the SKU ${sku}; assign a licence by hand.`,
      );
    }
    run.context.signal.throwIfAborted();
    if (usageLocation && !locationSet) await graph.setUsageLocation(userId, usageLocation);
    const held = user.assignedLicenses.some((licence) => licence.skuId.toLowerCase() === found.skuId.toLowerCase());
    if (!held) await graph.assignLicense(userId, found.skuId);
    assigned = found.skuPartNumber;
  } else if (usageLocation && !locationSet) {
    run.context.signal.throwIfAborted();
    await graph.setUsageLocation(userId, usageLocation);
  }
  await run.save({ step: 'licensed', licenseAssigned: assigned });
  return undefined;
}

/** A one-time pass valid for an hour, handed straight to the delivery port: only the fact is recorded. */
export async function issueTemporaryAccessPass(
  run: RecoveryRun,
  userId: string,
  graph: Pick<GraphGateway, 'createTemporaryAccessPass'>,
  secrets: TemporaryAccessPassDelivery,
): Promise<void> {
  run.context.signal.throwIfAborted();
  // The same request the pre-flight checked against the tenant's TAP policy.
  const pass = await graph.createTemporaryAccessPass(userId, TEMPORARY_ACCESS_PASS_REQUEST);
  secrets.deliver(run.context.jobId, run.item.rowNumber, run.upn, pass);
  await run.save({ step: 'tapIssued' });
}
