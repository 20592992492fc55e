/**
 * The op modules the chat gateway installs. A feature adds its module here (one line) and nothing else in
 * `ws/` changes.
 */
import type { OpModule } from '../op-registry.ts';
import { groupMessageOps } from './group-message-ops.ts';
import { groupOps } from './group-ops.ts';
import { messageOps } from './message-ops.ts';
import { offlinePushConfigOps } from './offline-push-config-ops.ts';
import { recallOps } from './recall-ops.ts';
import { receiveOptionOps } from './receive-option-ops.ts';
import { sessionOps } from './session-ops.ts';
import { signalingOps } from './signaling-ops.ts';

export const opModules: OpModule[] = [sessionOps, messageOps, groupOps, groupMessageOps, signalingOps, receiveOptionOps, recallOps, offlinePushConfigOps];
