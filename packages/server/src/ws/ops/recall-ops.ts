/**
 * Recall ops (docs/protocol.md §12): `recallMessage {conversationId, seq}` recalls a C2C or group message. The
 * message is named by the caller's conversation and its seq there (what every stored message event carries),
 * the primary key of both message tables.
 */
import { heraldError } from '@herald/protocol';
import { parseC2cConversationId } from '../../im/messages/conversations.ts';
import { recallOwnC2cMessage } from '../../im/recall/c2c-recall.ts';
import { loadRecallGroup, recallGroupMessage } from '../../im/recall/group-recall.ts';
import type { OpData, OpModule } from '../op-registry.ts';

const MAX_GROUP_ID = 48;

function requireSeq(data: OpData): number {
  const value = data['seq'];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', 'seq is required');
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw heraldError('REQUEST_PARAM_INVALID', 'seq must be a positive integer');
  return value;
}

export const recallOps: OpModule = (registry) => {
  registry.registerOp('recallMessage', async (data, { ctx, gateway, session }) => {
    const conversationId = data['conversationId'];
    if (conversationId === undefined || conversationId === null) throw heraldError('REQUEST_PARAM_MISSING', 'conversationId is required');
    const seq = requireSeq(data);
    if (typeof conversationId === 'string' && conversationId.startsWith('group_')) {
      const groupId = conversationId.slice('group_'.length);
      if (groupId.length === 0 || groupId.length > MAX_GROUP_ID) throw heraldError('REQUEST_PARAM_INVALID', 'conversationId must be group_<groupID>');
      const group = await loadRecallGroup(ctx, session.sdkAppId, groupId);
      return recallGroupMessage(ctx, gateway, group, seq, { kind: 'user', userId: session.userId });
    }
    const peer = parseC2cConversationId(conversationId);
    return recallOwnC2cMessage(ctx, gateway, { sdkAppId: session.sdkAppId, userId: session.userId, peer, seq });
  }, { requiresLogin: true });
};
