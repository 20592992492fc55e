/** Group message ops (docs/protocol.md §9): send with @ mentions, history, read marks and unread counts of read-diffused groups. */
import type { OpModule } from '../op-registry.ts';

export const groupMessageOps: OpModule = () => {};
