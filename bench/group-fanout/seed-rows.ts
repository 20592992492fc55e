/**
 * The rows of one seeded member, copied from a member who went through the real flows (push SDK registration and
 * account binding, chat login, setOfflinePushConfig in TPNS mode, disconnect, group membership): every column is
 * the template's except the member's own identity — UserID, deviceId, Herald token, APNs token, secret and token
 * hashes, and the times of the writes. `IDENTITY_COLUMNS` is that list; the shape check (row-shape.ts) holds every
 * other column to equality with a real member's rows.
 */
import { generateDeviceSecret, generateHeraldToken, hashDeviceSecret } from '../../packages/server/src/push/devices/device-secret.ts';
import { tokenHash } from '../../packages/server/src/im/offline-push-config/device-push-config.ts';
import { phoneDeviceId } from './member-names.ts';
import type { MemberTable, Row } from './types.ts';

export const IDENTITY_COLUMNS: Record<MemberTable, readonly string[]> = {
  im_user: ['user_id', 'created_at', 'updated_at'],
  device: ['token', 'vendor_token', 'secret_hash', 'created_at', 'updated_at', 'last_active_at'],
  account_binding: ['token', 'account', 'bound_at'],
  im_device: ['user_id', 'device_id', 'logged_in_at', 'state_changed_at', 'last_seen_at'],
  im_offline_push_config: ['user_id', 'device_id', 'token', 'token_hash', 'reported_at'],
  im_group_member: ['user_id', 'join_time'],
};

export interface SeededIdentity {
  userId: string;
  vendorToken: string;
  /** Epoch ms of the member's "setup"; the login is a second earlier than the disconnect, as in the real flow. */
  now: number;
}

export function seededRows(template: Record<MemberTable, Row>, who: SeededIdentity): Record<MemberTable, Row> {
  const { userId, now } = who;
  const deviceId = phoneDeviceId(userId);
  // What the push SDK's registration generates (device-service.ts): a Herald token and a device secret's hash.
  const token = generateHeraldToken();
  return {
    im_user: { ...template.im_user, user_id: userId, created_at: now, updated_at: now },
    device: {
      ...template.device, token, vendor_token: who.vendorToken, secret_hash: hashDeviceSecret(generateDeviceSecret()),
      created_at: now, updated_at: now, last_active_at: now,
    },
    account_binding: { ...template.account_binding, token, account: userId, bound_at: now },
    im_device: { ...template.im_device, user_id: userId, device_id: deviceId, logged_in_at: now - 1000, state_changed_at: now, last_seen_at: now },
    im_offline_push_config: { ...template.im_offline_push_config, user_id: userId, device_id: deviceId, token, token_hash: tokenHash(token), reported_at: now },
    im_group_member: { ...template.im_group_member, user_id: userId, join_time: now },
  };
}
