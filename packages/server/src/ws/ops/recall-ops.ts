/** Recall ops (docs/protocol.md §12): recall a C2C or group message. */
import type { OpModule } from '../op-registry.ts';

export const recallOps: OpModule = () => {};
