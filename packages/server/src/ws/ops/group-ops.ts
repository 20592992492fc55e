/** Group management ops (docs/protocol.md §8): create, join, quit, invite, kick, dismiss, roles, mute, group lists and profiles. */
import type { OpModule } from '../op-registry.ts';

export const groupOps: OpModule = () => {};
