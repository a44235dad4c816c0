import type { BulkOperationItem } from '../model.ts';
import type { ItemOutcome } from '../ports.ts';
import { COLUMNS, readField } from '../preflight/item-fields.ts';
import { findSku } from '../preflight/license-rules.ts';
import { TEMPORARY_ACCESS_PASS_REQUEST } from '../preflight/tap-policy-rules.ts';
import type {
  DirectoryUser,
  GraphGateway,
  LicenseSku,
  TemporaryAccessPass,
  TemporaryAccessPassMethod,
} from '../tenant-ports.ts';
import type { RecoveryRun } from './recovery-checkpoint.ts';
import { failPermanently } from './tenant-failure.ts';

export const LICENSE_SKU_NOT_FOUND = 'LICENSE_SKU_NOT_FOUND';
export const TEMPORARY_ACCESS_PASS_EXISTS = 'TEMPORARY_ACCESS_PASS_EXISTS';

export interface PassDeliveryNotes {
  /** This pass replaces one an interrupted attempt created and never handed over (that one was deleted). */
  replacesLostPass: boolean;
}

/** Hands a Temporary Access Pass to whoever delivers it to the requester (in memory; never stored). */
export interface TemporaryAccessPassDelivery {
  deliver(jobId: string, rowNumber: number, upn: string, pass: TemporaryAccessPass, notes: PassDeliveryNotes): void;
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
    if (usageLocation && !locationSet) await graph.setUsageLocation(userId, usageLocation);
    const held = user.assignedLicenses.some((licence) => licence.skuId.toLowerCase() === found.skuId.toLowerCase());
    if (!held) await graph.assignLicense(userId, found.skuId);
    assigned = found.skuPartNumber;
  } else if (usageLocation && !locationSet) {
    await graph.setUsageLocation(userId, usageLocation);
  }
  await run.save({ step: 'licensed', licenseAssigned: assigned });
  return undefined;
}

/**
 * A one-time pass valid for an hour, handed straight to the delivery port: only the fact is recorded.
 *
 * A user holds at most one pass, and Graph shows its secret only in the answer to the create (Learn "List
 * temporaryAccessPassMethods"; "temporaryAccessPassAuthenticationMethod resource type", temporaryAccessPass).
 * So the user's pass is read first:
 * - `tapRequested` saved (a request was sent, its answer lost with a killed attempt) and a pass is there: it is
 *   ours, on a user this row created, and nobody holds its secret. It is deleted and a fresh one created and
 *   delivered, so the user ends with exactly one pass, the one the requester has. Deleted explicitly because
 *   Learn's two texts differ: the Create page says a new pass replaces a valid one, the Entra how-to once said a
 *   valid pass must be deleted first (MicrosoftDocs/azure-docs howto-authentication-temporary-access-pass.md,
 *   "Replace a Temporary Access Pass", 2023; entra-docs today says a new one overrides it).
 * - no request sent and a live pass (usable, or not yet valid) is there: someone else issued it, and a create
 *   would silently void it. The row fails with what to do; an expired or used pass is overridden, as Learn says.
 */
export async function issueTemporaryAccessPass(
  run: RecoveryRun,
  userId: string,
  graph: Pick<GraphGateway, 'createTemporaryAccessPass' | 'listTemporaryAccessPasses' | 'deleteTemporaryAccessPass'>,
  secrets: TemporaryAccessPassDelivery,
): Promise<ItemOutcome | undefined> {
  const requested = run.state.step === 'tapRequested';
  const existing = await graph.listTemporaryAccessPasses(userId);
  if (!requested) {
    const live = existing.find(isLive);
    if (live) return refuseSecondPass(run.upn, live);
    await run.save({ step: 'tapRequested' });
  } else {
    for (const lost of existing) {
      await graph.deleteTemporaryAccessPass(userId, lost.id);
    }
  }
  // The same request the pre-flight checked against the tenant's TAP policy.
  const pass = await graph.createTemporaryAccessPass(userId, TEMPORARY_ACCESS_PASS_REQUEST);
  secrets.deliver(run.context.jobId, run.item.rowNumber, run.upn, pass, {
    replacesLostPass: requested && existing.length > 0,
  });
  await run.save({ step: 'tapIssued' });
  return undefined;
}

/** Learn resource type, methodUsabilityReason: `NotYetValid` is a pass someone scheduled, still to come. */
function isLive(method: TemporaryAccessPassMethod): boolean {
  return method.isUsable || method.methodUsabilityReason === 'NotYetValid';
}

function refuseSecondPass(upn: string, live: TemporaryAccessPassMethod): ItemOutcome {
  const created = live.createdDateTime ? ` (created ${live.createdDateTime})` : '';
  return failPermanently(
    TEMPORARY_ACCESS_PASS_EXISTS,
    `The mailbox was recovered as ${upn}, but the user already has a Temporary Access Pass${created} that this job did not issue, so no second one was created: hand that pass over, or delete it (Entra admin center, Users, Authentication methods; or Remove-MgUserAuthenticationTemporaryAccessPassMethod) and retry the row.`,
  );
}
