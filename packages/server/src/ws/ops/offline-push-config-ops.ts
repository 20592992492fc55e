/**
 * `setOfflinePushConfig` (docs/protocol.md §13): the device reports where its offline pushes go — Tencent's
 * setOfflinePushConfig / setAPNS. `{businessID, token}` (native mode), `{businessID: 0, token, isTPNSToken: true}`
 * (TPNS mode), or no fields at all to turn offline push off for this device (`setAPNS(nil)`).
 */
import { heraldError } from '@herald/protocol';
import { setOfflinePushConfig, type OfflinePushConfigInput } from '../../im/offline-push-config/device-push-config.ts';
import { MAX_VENDOR_TOKEN_LENGTH } from '../../push/devices/device-channels.ts';
import { requireId, requireString } from '../op-args.ts';
import type { OpData, OpModule } from '../op-registry.ts';

const FIELDS = ['businessID', 'token', 'isTPNSToken'];

/** Null for "turn it off": a frame without any of the fields (data `{}` or absent). */
function readConfig(data: OpData): OfflinePushConfigInput | null {
  const unknown = Object.keys(data).filter((k) => !FIELDS.includes(k) && data[k] !== undefined);
  if (unknown.length > 0) throw heraldError('REQUEST_PARAM_INVALID', `unknown field ${unknown[0]}`);
  if (FIELDS.every((k) => data[k] === undefined || data[k] === null)) return null;
  const isTPNSToken = data['isTPNSToken'];
  if (isTPNSToken !== undefined && isTPNSToken !== null && typeof isTPNSToken !== 'boolean') throw heraldError('REQUEST_PARAM_INVALID', 'isTPNSToken must be a boolean');
  return {
    businessID: requireId(data, 'businessID'),
    token: requireString(data, 'token', { max: MAX_VENDOR_TOKEN_LENGTH }),
    isTPNSToken: isTPNSToken === true,
  };
}

export const offlinePushConfigOps: OpModule = (registry) => {
  registry.registerOp('setOfflinePushConfig', async (data, { ctx, session }) => {
    const config = await setOfflinePushConfig(ctx, session, readConfig(data));
    return { pushConfig: config };
  }, { requiresLogin: true });
};
