/** Graph writes that hand a recovered user over: assignLicense and Temporary Access Pass creation. */
import { randomBytes } from 'node:crypto';
import { formatExchangeDate } from './exchange-values.ts';
import { selectUserProperties } from './graph-query.ts';
import { refuseByPolicy } from './graph-authentication-policy.ts';
import { replyBadRequest, replyGraphError, replyGraphJson } from './graph-replies.ts';
import { withUser } from './graph-users.ts';

interface AssignLicenseBody {
  addLicenses?: { skuId?: unknown; disabledPlans?: unknown }[];
  removeLicenses?: unknown[];
}

export const assignLicense = withUser((ctx, request, user) => {
  const body = request.body as AssignLicenseBody | undefined;
  if (!Array.isArray(body?.addLicenses) || !Array.isArray(body.removeLicenses)) {
    return replyBadRequest(request, ctx.now(), "Both 'addLicenses' and 'removeLicenses' are required.");
  }
  if (body.addLicenses.length > 0 && !user.usageLocation) {
    return replyBadRequest(
      request,
      ctx.now(),
      'License assignment cannot be done for user with invalid usage location.',
    );
  }
  const skus = ctx.state.subscribedSkus;
  for (const license of body.addLicenses) {
    const sku = skus.find((entry) => entry.skuId.toLowerCase() === String(license.skuId).toLowerCase());
    if (!sku)
      return replyBadRequest(
        request,
        ctx.now(),
        `License ${String(license.skuId)} does not correspond to a valid company License.`,
      );
    const assigned = user.assignedLicenses.some((entry) => entry.skuId.toLowerCase() === sku.skuId.toLowerCase());
    if (!assigned && sku.consumedUnits >= sku.prepaidUnits.enabled) {
      return replyBadRequest(
        request,
        ctx.now(),
        `Subscription with SKU ${sku.skuId} does not have any available licenses.`,
      );
    }
  }
  for (const license of body.addLicenses) {
    const sku = skus.find((entry) => entry.skuId.toLowerCase() === String(license.skuId).toLowerCase());
    if (!sku || user.assignedLicenses.some((entry) => entry.skuId.toLowerCase() === sku.skuId.toLowerCase())) continue;
    user.assignedLicenses.push({
      skuId: sku.skuId,
      disabledPlans: Array.isArray(license.disabledPlans) ? license.disabledPlans.map(String) : [],
    });
    sku.consumedUnits += 1;
  }
  for (const skuId of body.removeLicenses.map((id) => String(id).toLowerCase())) {
    const before = user.assignedLicenses.length;
    user.assignedLicenses = user.assignedLicenses.filter((entry) => entry.skuId.toLowerCase() !== skuId);
    const sku = skus.find((entry) => entry.skuId.toLowerCase() === skuId);
    if (sku && user.assignedLicenses.length < before) sku.consumedUnits -= 1;
  }
  return replyGraphJson(200, {
    '@odata.context': `${request.origin}/v1.0/$metadata#users/$entity`,
    ...selectUserProperties(user, null),
  });
});

const MIN_LIFETIME_MINUTES = 10;
const MAX_LIFETIME_MINUTES = 43_200;

/** The pass is returned once, to the caller; the sandbox keeps no copy (it is a credential). */
export const createTemporaryAccessPass = withUser((ctx, request, user) => {
  const body = (request.body ?? {}) as { lifetimeInMinutes?: unknown; isUsableOnce?: unknown; startDateTime?: unknown };
  // Without a lifetime, Graph uses the policy's defaultLifetimeInMinutes (Learn resource type, Properties).
  const policyDefault = ctx.state.temporaryAccessPassPolicy.defaultLifetimeInMinutes;
  const lifetime = body.lifetimeInMinutes === undefined ? policyDefault : Number(body.lifetimeInMinutes);
  if (!Number.isInteger(lifetime) || lifetime < MIN_LIFETIME_MINUTES || lifetime > MAX_LIFETIME_MINUTES) {
    return replyBadRequest(
      request,
      ctx.now(),
      `lifetimeInMinutes must be between ${MIN_LIFETIME_MINUTES} and ${MAX_LIFETIME_MINUTES}.`,
    );
  }
  const refusal = refuseByPolicy(ctx, user, lifetime, body.isUsableOnce === true);
  if (refusal) return replyGraphError(request, ctx.now(), 400, 'badRequest', refusal);
  const now = ctx.now();
  const start = typeof body.startDateTime === 'string' ? body.startDateTime : formatExchangeDate(now);
  return replyGraphJson(201, {
    '@odata.context': `${request.origin}/v1.0/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`,
    id: ctx.prng.guid(),
    isUsable: true,
    methodUsabilityReason: 'EnabledByPolicy',
    temporaryAccessPass: randomBytes(12).toString('base64url').slice(0, 16),
    createdDateTime: formatExchangeDate(now),
    startDateTime: start,
    lifetimeInMinutes: lifetime,
    isUsableOnce: body.isUsableOnce === true,
  });
});
