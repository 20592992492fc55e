/**
 * The offline pushes of one stored C2C message, run after the send was acknowledged (like live delivery): for
 * each of the recipient's devices with a push config, devicePushDecision says whether it gets one (receive
 * options, do-not-disturb, online-only, disablePush, custom without desc, device state), and the content is built
 * for the platform of the push app the device's report names. The iOS badge is the recipient's unread total
 * after this message (TPNS `badge_type` n), unless the message says `ignoreIOSBadge`.
 * VoIP certificates are for calls only: messages never go to them.
 */
import type { ServerContext } from '../../context.ts';
import type { MessageElement, OfflinePushInfo } from '@herald/protocol';
import { buildOfflinePushContent, devicePushDecision, isCustomWithoutDesc, readOfflinePushSettings } from '../offline-push/index.ts';
import { listOfflinePushTargets, type OfflinePushTarget } from '../offline-push-config/offline-push-targets.ts';
import { recordPushOutcomes, type DevicePushOutcome } from '../offline-push-check/record-push-outcome.ts';
import type { DeviceState } from '../presence/device-state.ts';
import { dndWindowOf } from '../receive/dnd-window.ts';
import { getUserSettingRow } from '../receive/receive-options.ts';
import { contentPlatform, iosExtKeyOf, pushAppOf, sendOfflinePush } from './send-offline-push.ts';

export interface C2cPushInput {
  sdkAppId: number;
  from: string;
  to: string;
  elements: readonly MessageElement[];
  offlinePushInfo?: OfflinePushInfo | undefined;
  /** The recipient's option for the sender (0 receive, 1 not receive, 2 no push). */
  recvOpt: number;
  /** The recipient's total unread after this message; undefined when it did not count (excluded from unread). */
  totalUnread: number | undefined;
  /** The message's sequence in the recipient's conversation (the self-check names the message by it). */
  seq: number;
  /** The recipient's targets when already read (SQLite reads them with the message's write); read here otherwise. */
  targets?: readonly OfflinePushTarget[] | undefined;
}

/** One device's result: what the self-check records (the decision's reasons and the dispatch's own). */
export type DevicePushResult = DevicePushOutcome;

/** Which devices were pushed and why the others were not, recorded for the offline push self-check. */
export async function pushC2cMessage(ctx: ServerContext, input: C2cPushInput): Promise<DevicePushResult[]> {
  if (input.to === input.from) return [];
  const db = ctx.store.db;
  const targets = input.targets ?? (await listOfflinePushTargets(db, input.sdkAppId, [input.to]));
  if (targets.length === 0) return [];
  const settings = readOfflinePushSettings(input.offlinePushInfo);
  const userSetting = await getUserSettingRow(db, { sdkAppId: input.sdkAppId, userId: input.to });
  const sender = await db.selectFrom('im_user').select('nickname').where('sdk_app_id', '=', input.sdkAppId).where('user_id', '=', input.from).executeTakeFirst();
  const now = ctx.clock.now();
  const results: DevicePushResult[] = [];
  for (const target of targets) {
    const decision = devicePushDecision({
      chatType: 'c2c', onlineUserOnly: false, disablePush: settings.disablePush,
      isCustomWithoutDesc: isCustomWithoutDesc(input.elements, settings),
      conversationOpt: input.recvOpt, globalOpt: Number(userSetting?.global_opt ?? 0), dnd: dndWindowOf(userSetting),
      mentionsMe: false, mentionsAll: false, now,
      device: { state: target.deviceState as DeviceState, hasPushConfig: true },
    });
    if (!decision.push) {
      results.push({ deviceId: target.deviceId, reason: decision.reason });
      continue;
    }
    if (target.voip) {
      results.push({ deviceId: target.deviceId, reason: 'voip-certificate' });
      continue;
    }
    const app = await pushAppOf(ctx, target.accessId);
    if (app === undefined) {
      results.push({ deviceId: target.deviceId, reason: 'no-push-app' });
      continue;
    }
    const content = buildOfflinePushContent({
      platform: contentPlatform(app), elements: input.elements, offlinePushInfo: input.offlinePushInfo,
      sender: { userId: input.from, nickname: sender?.nickname }, iosExtKey: iosExtKeyOf(target),
    });
    if (content === undefined) {
      results.push({ deviceId: target.deviceId, reason: 'custom-without-desc' });
      continue;
    }
    withUnreadBadge(content.message, input.totalUnread);
    const pushId = await sendOfflinePush(ctx, input.sdkAppId, app, target, content);
    results.push(pushId === undefined ? { deviceId: target.deviceId, reason: 'token-refused' } : { deviceId: target.deviceId, reason: 'push', pushId });
  }
  await recordPushOutcomes(db, input.sdkAppId, [{ userId: input.to, kind: 'c2c', fromUser: input.from, conversation: input.from, messageRef: input.seq, devices: results }], now);
  return results;
}

/**
 * The badge the iPhone shows is the recipient's unread total (this message included), set outright (TPNS
 * `badge_type` n ≥ 0) rather than counted up on the device row, which knows nothing of messages read elsewhere.
 * `ignoreIOSBadge` (-1) leaves the badge alone; a message that does not count as unread leaves it alone too.
 */
function withUnreadBadge(message: Record<string, unknown>, totalUnread: number | undefined): void {
  const ios = message['ios'] as { aps?: Record<string, unknown> } | undefined;
  if (ios?.aps === undefined || ios.aps['badge_type'] === -1) return;
  ios.aps['badge_type'] = totalUnread === undefined ? -1 : totalUnread;
}
