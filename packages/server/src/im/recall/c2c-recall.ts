/**
 * Recalling a C2C message (docs/protocol.md §12): only its sender, within the recall window, from the chat
 * socket; an app admin over REST at any time. Both inbox rows are marked in one transaction
 * (store-c2c-recall.ts), then every connected device of both owners gets `messageRevoked` with its own
 * conversationId and seq, followed by `conversationChanged` where the conversation changed and, for the
 * recipient whose unread count dropped, `totalUnreadChanged`. Recalling a recalled message succeeds and
 * announces nothing.
 */
import { heraldError } from '@herald/protocol';
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import { conversationView, totalUnread } from '../messages/conversations.ts';
import { c2cConversationId } from '../messages/message-event.ts';
import { c2cReceiveOpt } from '../receive/receive-options.ts';
import { revokerName, withinRecallWindow, type MessageRevokedEvent, type Revoker } from './revoked-event.ts';
import { storeC2cRecall, type C2cMessageRef, type StoredC2cRecall } from './store-c2c-recall.ts';

export interface RecalledC2c {
  conversationId: string;
  seq: number;
  msgKey: string;
}

async function announce(ctx: ServerContext, realtime: RealtimeDelivery | undefined, stored: StoredC2cRecall, revoker: Revoker): Promise<void> {
  if (realtime === undefined || !stored.changed) return;
  for (const change of stored.owners) {
    const owner = { sdkAppId: Number(change.row.sdk_app_id), userId: change.row.owner };
    const event: MessageRevokedEvent = {
      conversationId: c2cConversationId(change.row.peer), seq: Number(change.row.seq), msgKey: change.row.msg_key, revoker: revokerName(revoker),
    };
    await realtime.deliverToUser(owner, 'messageRevoked', event);
    if (change.conversation !== undefined) {
      const recvOpt = await c2cReceiveOpt(ctx.store.db, owner.sdkAppId, owner.userId, change.row.peer);
      await realtime.deliverToUser(owner, 'conversationChanged', { conversations: [conversationView(change.conversation, recvOpt)] });
    }
    if (change.unreadChanged) await realtime.deliverToUser(owner, 'totalUnreadChanged', { total: await totalUnread(ctx.store.db, owner) });
  }
}

async function recallAndAnnounce(ctx: ServerContext, realtime: RealtimeDelivery | undefined, ref: C2cMessageRef, revoker: Revoker): Promise<StoredC2cRecall> {
  const stored = await storeC2cRecall(ctx.store, ref);
  // The recall is committed: a failed live delivery must not turn it into an error (clients see it on sync).
  await announce(ctx, realtime, stored, revoker).catch((err: unknown) => ctx.logger.warn({ err }, 'live delivery of a recall failed'));
  return stored;
}

/** The `recallMessage` op on a `c2c_<peer>` conversation: the caller's own message at `seq` in it. */
export async function recallOwnC2cMessage(
  ctx: ServerContext, realtime: RealtimeDelivery | undefined, o: { sdkAppId: number; userId: string; peer: string; seq: number },
): Promise<RecalledC2c> {
  const row = await ctx.store.db.selectFrom('im_c2c_message').selectAll()
    .where('sdk_app_id', '=', o.sdkAppId).where('owner', '=', o.userId).where('peer', '=', o.peer).where('seq', '=', o.seq)
    .executeTakeFirst();
  if (row === undefined) throw heraldError('IM_MSG_NOT_FOUND', `No message ${o.seq} in c2c_${o.peer}`);
  if (row.from_user !== o.userId) throw heraldError('IM_MSG_RECALL_DENIED', 'Only the sender may recall a one-to-one message');
  const result = { conversationId: c2cConversationId(o.peer), seq: o.seq, msgKey: row.msg_key };
  if (row.recalled === 1) return result;
  if (!withinRecallWindow(ctx, Number(row.time))) {
    throw heraldError('IM_MSG_RECALL_TIME_LIMIT', `A message can be recalled up to ${ctx.config.imRecallWindowSeconds} seconds after it was sent`);
  }
  await recallAndAnnounce(ctx, realtime, { sdkAppId: o.sdkAppId, from: row.from_user, to: row.to_user, msgKey: row.msg_key }, { kind: 'user', userId: o.userId });
  return result;
}

/** `openim/admin_msgwithdraw`: an app admin recalls any message of the app, whenever it was sent. */
export async function recallC2cAsAdmin(ctx: ServerContext, realtime: RealtimeDelivery | undefined, ref: C2cMessageRef, identifier: string): Promise<void> {
  const stored = await recallAndAnnounce(ctx, realtime, ref, { kind: 'admin', identifier });
  if (!stored.found) throw heraldError('IM_MSG_NOT_FOUND', 'No message with this MsgKey between From_Account and To_Account');
}
