/** The `messageRevoked` event of docs/protocol.md §12, and the recall window both kinds of recall share. */
import type { ServerContext } from '../../context.ts';

export interface MessageRevokedEvent {
  /** The receiving owner's conversation: `c2c_<their peer>` or `group_<groupId>`. */
  conversationId: string;
  /** The message's seq in that conversation (each C2C owner has their own). */
  seq: number;
  msgKey: string;
  /** Who recalled it: the sender, a group Owner/Admin, or the app admin identifier of a REST call. */
  revoker: string;
  /** The REST caller's `Reason`, when given. */
  reason?: string;
}

/** Who asks for a recall: a chat user (limited by the window and their role) or an app admin over REST (not). */
export type Revoker = { kind: 'user'; userId: string } | { kind: 'admin'; identifier: string };

export const revokerName = (r: Revoker): string => (r.kind === 'user' ? r.userId : r.identifier);

/** A user may recall their own message up to `imRecallWindowSeconds` after it was sent. */
export function withinRecallWindow(ctx: ServerContext, sentAt: number): boolean {
  return ctx.clock.now() - sentAt <= ctx.config.imRecallWindowSeconds * 1000;
}
