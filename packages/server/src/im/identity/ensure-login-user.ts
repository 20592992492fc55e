/**
 * The account a login is for. Tencent refuses a UserID that was never imported (70107) unless the app lets a
 * valid UserSig create it; Herald makes that a per-app switch (`autoCreateUsers`).
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { ImAppRow, ImUserRow } from './im-rows.ts';
import { findImUsers, importAccount } from './im-user-service.ts';
import { isValidUserId } from './user-id.ts';

export async function ensureLoginUser(ctx: ServerContext, app: ImAppRow, userId: string): Promise<ImUserRow> {
  const sdkAppId = Number(app.sdk_app_id);
  const existing = (await findImUsers(ctx.store.db, sdkAppId, [userId])).get(userId);
  if (existing !== undefined) return existing;
  if (Number(app.auto_create_users) !== 1) throw heraldError('IM_ACCOUNT_NOT_FOUND', `UserID ${userId} was not imported into SDKAppID ${sdkAppId}`);
  if (!isValidUserId(userId)) throw heraldError('IM_ACCOUNT_PARAM_INVALID', 'UserID: at most 32 bytes of printable ASCII');
  // A concurrent login may create it first; the import is idempotent, so both read the same row.
  await importAccount(ctx, sdkAppId, { userId });
  const created = (await findImUsers(ctx.store.db, sdkAppId, [userId])).get(userId);
  if (created === undefined) throw heraldError('IM_ACCOUNT_NOT_FOUND');
  return created;
}
