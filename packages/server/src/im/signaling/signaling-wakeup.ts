/**
 * Tells this node's signaling sweeper about a deadline it has not seen yet, so a new invitation's timeout fires
 * on time instead of at the next safety poll.
 *
 * The ops and the sweeper are built separately (the gateway's op registry and ws-routes.ts's background tasks)
 * and share only the ServerContext, so the channel is keyed by it: one per server, and two servers in one
 * process (tests) never hear each other. Without a sweeper listening, announcing is a no-op.
 */
import type { ServerContext } from '../../context.ts';

type DeadlineListener = (deadline: number) => void;

const listeners = new WeakMap<ServerContext, Set<DeadlineListener>>();

export function onInviteDeadline(ctx: ServerContext, listener: DeadlineListener): () => void {
  let set = listeners.get(ctx);
  if (set === undefined) listeners.set(ctx, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

export function announceInviteDeadline(ctx: ServerContext, deadline: number): void {
  for (const listener of listeners.get(ctx) ?? []) listener(deadline);
}
