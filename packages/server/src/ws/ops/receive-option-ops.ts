/** Receive option ops (docs/protocol.md §11): per-conversation options and the global do-not-disturb window. */
import type { OpModule } from '../op-registry.ts';

export const receiveOptionOps: OpModule = () => {};
