/**
 * `openim/query_online_status`: Tencent's three statuses per user (Online, PushOnline, Offline) and, with
 * `IsNeedDetail: 1`, one entry per logged-in device. UserIDs never imported into the app come back in
 * `ErrorList` with 70107, as Tencent answers.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCatalogue, heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { readDeviceStates, userImStatus } from '../identity/device-states.ts';
import { findImUsers } from '../identity/im-user-service.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { imOk } from '../rest/envelope.ts';
import { requireImRestCaller } from '../rest/rest-auth.ts';

const MAX_ACCOUNTS = 500;

/** Tencent's platform names in `Detail`; anything else is passed through as the device reported it. */
const PLATFORM_NAMES: Record<string, string> = {
  ios: 'iPhone', iphone: 'iPhone', ipad: 'iPad', android: 'Android', web: 'Web',
  windows: 'Windows', mac: 'Mac', macos: 'Mac', linux: 'Linux', harmony: 'Harmony',
};

export function tencentPlatformName(platform: string): string {
  return PLATFORM_NAMES[platform.toLowerCase()] ?? platform;
}

export async function v4OnlineStatusRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.post('/openim/query_online_status', { schema: { tags: ['IM REST API'], summary: 'Online status of up to 500 accounts, with per-device detail' } }, async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Record<string, unknown>;
    const toAccount = body['To_Account'];
    if (!Array.isArray(toAccount) || toAccount.length === 0 || !toAccount.every((v) => typeof v === 'string')) {
      throw heraldError('IM_ACCOUNT_PARAM_INVALID', 'To_Account must be a non-empty array of UserIDs');
    }
    if (toAccount.length > MAX_ACCOUNTS) throw heraldError('IM_ACCOUNT_PARAM_INVALID', `To_Account takes at most ${MAX_ACCOUNTS} UserIDs`);
    const needDetail = body['IsNeedDetail'];
    if (needDetail !== undefined && needDetail !== 0 && needDetail !== 1) throw heraldError('IM_ACCOUNT_PARAM_INVALID', 'IsNeedDetail must be 0 or 1');
    const userIds = toAccount as string[];
    const users = await findImUsers(ctx.store.db, sdkAppId, userIds.filter(isValidUserId));
    const states = await readDeviceStates(ctx, sdkAppId, [...users.keys()], ctx.clock.now());
    const queryResult: Array<Record<string, unknown>> = [];
    const errorList: Array<{ To_Account: string; ErrorCode: number }> = [];
    for (const userId of userIds) {
      if (!users.has(userId)) {
        errorList.push({ To_Account: userId, ErrorCode: ErrorCatalogue.IM_ACCOUNT_NOT_FOUND.imCode });
        continue;
      }
      const devices = states.get(userId) ?? [];
      const entry: Record<string, unknown> = { To_Account: userId, Status: userImStatus(devices) };
      const detail = devices.filter((d) => d.status !== 'Offline').map((d) => ({ Platform: tencentPlatformName(d.platform), Status: d.status }));
      if (needDetail === 1 && detail.length > 0) entry['Detail'] = detail;
      queryResult.push(entry);
    }
    return imOk({ QueryResult: queryResult, ...(errorList.length > 0 ? { ErrorList: errorList } : {}) });
  });
}
