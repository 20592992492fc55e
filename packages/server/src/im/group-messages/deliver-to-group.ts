/**
 * Live fan-out of a group event to the connected devices of its members. Storage is read-diffused (one row per
 * message), delivery is not: each member's devices are addressed through the bus, which reaches only the nodes
 * holding them. Members are read in pages so a large group never loads at once.
 */
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import { eventFrame } from '../../bus/event-frame.ts';

const PAGE = 1000;

export interface GroupDelivery {
  sdkAppId: number;
  groupId: string;
  event: string;
  data: unknown;
  /** Only these members (a directed message); every member when absent. */
  onlyUsers?: readonly string[] | undefined;
  /** Members left out (e.g. those whose receive option is "do not receive"). */
  exceptUsers?: ReadonlySet<string> | undefined;
  /** The sending device: its user's other devices get the event, it does not. */
  sender?: { userId: string; deviceId: string } | undefined;
}

export async function deliverToGroup(ctx: ServerContext, realtime: RealtimeDelivery | undefined, d: GroupDelivery): Promise<void> {
  if (realtime === undefined) return;
  // Serialised once for the whole group.
  const frames = [eventFrame(d.event, d.data)];
  const send = async (userId: string): Promise<void> => {
    if (d.exceptUsers?.has(userId) === true) return;
    const user = { sdkAppId: d.sdkAppId, userId };
    if (d.sender !== undefined && d.sender.userId === userId) {
      const devices = await ctx.store.db.selectFrom('im_device').select('device_id')
        .where('sdk_app_id', '=', d.sdkAppId).where('user_id', '=', userId).where('state', 'in', ['online', 'background'])
        .where('device_id', '!=', d.sender.deviceId)
        .execute();
      if (devices.length > 0) await realtime.deliverFrames(user, frames, devices.map((r) => r.device_id));
      return;
    }
    await realtime.deliverFrames(user, frames);
  };
  if (d.onlyUsers !== undefined) {
    for (const userId of d.onlyUsers) await send(userId);
    return;
  }
  let after = '';
  for (;;) {
    const page = await ctx.store.db.selectFrom('im_group_member').select('user_id')
      .where('sdk_app_id', '=', d.sdkAppId).where('group_id', '=', d.groupId).where('user_id', '>', after)
      .orderBy('user_id').limit(PAGE)
      .execute();
    await Promise.all(page.map((r) => send(r.user_id)));
    if (page.length < PAGE) return;
    after = page.at(-1)!.user_id;
  }
}
