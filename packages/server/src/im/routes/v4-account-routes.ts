/**
 * Tencent IM REST account APIs: `im_open_login_svc/account_import`, `multiaccount_import`, `account_check`
 * and `profile/portrait_get` (nickname and face URL). Field names and result shapes are Tencent's; every call
 * works inside the SDKAppID the admin UserSig authenticated.
 */
import type { FastifyInstance } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { findImUsers, importAccount, type AccountInput } from '../identity/im-user-service.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { imOk } from '../rest/envelope.ts';
import { requireImRestCaller } from '../rest/rest-auth.ts';

/** Tencent: a profile field value is at most 500 bytes (40601). */
const MAX_PROFILE_VALUE_BYTES = 500;
const MAX_BATCH = 100;
const TAG_NICK = 'Tag_Profile_IM_Nick';
const TAG_IMAGE = 'Tag_Profile_IM_Image';
/** portrait_get's per-account code for an account that was never imported. */
const PROFILE_ACCOUNT_NOT_FOUND = 40003;

const tags = ['IM REST API'];

type Body = Record<string, unknown>;

function invalid(message: string): never {
  throw heraldError('IM_ACCOUNT_PARAM_INVALID', message);
}

function optionalProfileString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') invalid(`${field} must be a string`);
  if (Buffer.byteLength(value, 'utf8') > MAX_PROFILE_VALUE_BYTES) invalid(`${field} is longer than ${MAX_PROFILE_VALUE_BYTES} bytes`);
  return value;
}

/** One account entry: `UserID` (or the older `Identifier`), `Nick`, `FaceUrl`. */
function readAccount(body: Body, where: string): AccountInput {
  // `Identifier` is the older name; it is read only when `UserID` is absent, not when it is null or wrong.
  const userId = 'UserID' in body ? body['UserID'] : body['Identifier'];
  if (!isValidUserId(userId)) invalid(`${where}UserID must be 1 to 32 bytes of printable ASCII`);
  return { userId, nick: optionalProfileString(body, 'Nick'), faceUrl: optionalProfileString(body, 'FaceUrl') };
}

function readArray(body: Body, field: string, max: number): unknown[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0) invalid(`${field} must be a non-empty array`);
  if (value.length > max) invalid(`${field} takes at most ${max} entries`);
  return value;
}

export async function v4AccountRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.post('/im_open_login_svc/account_import', { schema: { tags, summary: 'Import one account (UserID, Nick, FaceUrl)' } }, async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    await importAccount(ctx, sdkAppId, readAccount(request.body as Body, ''));
    return imOk();
  });

  scope.post('/im_open_login_svc/multiaccount_import', { schema: { tags, summary: 'Import up to 100 accounts (Accounts, or AccountList with profiles)' } }, async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Body;
    // Two request versions: `Accounts: [UserID…]` (old) and `AccountList: [{UserID, Nick, FaceUrl}]` (new).
    const listForm = body['AccountList'] !== undefined;
    const entries = listForm ? readArray(body, 'AccountList', MAX_BATCH) : readArray(body, 'Accounts', MAX_BATCH);
    const accounts: AccountInput[] = [];
    const failAccounts: string[] = [];
    entries.forEach((entry, i) => {
      // Each form has one entry shape: UserID strings in `Accounts`, objects in `AccountList`.
      if (typeof entry === 'string' && !listForm) {
        if (isValidUserId(entry)) accounts.push({ userId: entry });
        else failAccounts.push(entry);
      } else if (listForm && typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
        const e = entry as Body;
        try {
          accounts.push(readAccount(e, `AccountList[${i}].`));
        } catch {
          failAccounts.push(String(e['UserID'] ?? e['Identifier'] ?? ''));
        }
      } else {
        failAccounts.push(typeof entry === 'string' ? entry : JSON.stringify(entry) ?? '');
      }
    });
    await ctx.store.transaction(async (trx) => {
      for (const account of accounts) await importAccount(ctx, sdkAppId, account, trx);
    });
    return imOk({ FailAccounts: failAccounts });
  });

  scope.post('/im_open_login_svc/account_check', { schema: { tags, summary: 'Whether up to 100 UserIDs are imported' } }, async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const items = readArray(request.body as Body, 'CheckItem', MAX_BATCH).map((item, i) => {
      const userId = typeof item === 'object' && item !== null ? (item as Body)['UserID'] : undefined;
      if (typeof userId !== 'string') invalid(`CheckItem[${i}].UserID must be a string`);
      return userId;
    });
    const found = await findImUsers(ctx.store.db, sdkAppId, items.filter(isValidUserId));
    return imOk({
      ResultItem: items.map((userId) => ({
        UserID: userId, ResultCode: 0, ResultInfo: '', AccountStatus: found.has(userId) ? 'Imported' : 'NotImported',
      })),
    });
  });

  scope.post('/profile/portrait_get', { schema: { tags, summary: 'Read profile fields (nickname, face URL) of up to 100 accounts' } }, async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Body;
    const toAccounts = readArray(body, 'To_Account', MAX_BATCH).map((v, i) => (typeof v === 'string' ? v : invalid(`To_Account[${i}] must be a string`)));
    const tagList = readArray(body, 'TagList', 64).map((v, i) => (typeof v === 'string' ? v : invalid(`TagList[${i}] must be a string`)));
    const found = await findImUsers(ctx.store.db, sdkAppId, toAccounts.filter(isValidUserId));
    return imOk({
      UserProfileItem: toAccounts.map((userId) => {
        const user = found.get(userId);
        if (user === undefined) return { To_Account: userId, ProfileItem: [], ResultCode: PROFILE_ACCOUNT_NOT_FOUND, ResultInfo: 'The account does not exist' };
        const profile = JSON.parse(user.profile_json) as Record<string, unknown>;
        const items = tagList.flatMap((tag) => {
          if (tag === TAG_NICK) return [{ Tag: tag, Value: user.nickname }];
          if (tag === TAG_IMAGE) return [{ Tag: tag, Value: user.face_url }];
          // Own keys only: a tag named like an Object.prototype member (`constructor`, `__proto__`) is not set.
          return Object.hasOwn(profile, tag) && profile[tag] !== undefined ? [{ Tag: tag, Value: profile[tag] }] : [];
        });
        return { To_Account: userId, ProfileItem: items, ResultCode: 0, ResultInfo: '' };
      }),
      ErrorDisplay: '',
    });
  });
}
