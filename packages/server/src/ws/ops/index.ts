/**
 * The op modules the chat gateway installs. A feature adds its module here (one line) and nothing else in
 * `ws/` changes.
 */
import type { OpModule } from '../op-registry.ts';
import { messageOps } from './message-ops.ts';
import { sessionOps } from './session-ops.ts';

export const opModules: OpModule[] = [sessionOps, messageOps];
