/** Signaling ops (docs/protocol.md §10): invite, cancel, accept, reject and pending invitations. */
import type { OpModule } from '../op-registry.ts';

export const signalingOps: OpModule = () => {};
