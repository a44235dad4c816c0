/** Graph's assignLicense: the licence write that hands a recovered user over. */
import { selectUserProperties } from './graph-query.ts';
import { replyBadRequest, replyGraphJson } from './graph-replies.ts';
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
