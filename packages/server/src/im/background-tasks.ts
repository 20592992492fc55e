/**
 * Timed work of the IM service that runs beside the chat gateway on every node: signaling timeouts and the
 * expiry of roaming messages. Each task claims its rows atomically in the store, so running on every node is
 * safe. ws-routes.ts starts them with the gateway and stops them before it closes.
 */
import type { RealtimeDelivery, ServerContext } from '../context.ts';
import { startRoamingExpiry } from './retention/roaming-expiry.ts';
import { startSignalingSweeper } from './signaling/signaling-sweeper.ts';

export interface BackgroundTask {
  stop(): Promise<void>;
}

export type BackgroundTaskStarter = (ctx: ServerContext, realtime: RealtimeDelivery) => BackgroundTask;

export const imBackgroundTasks: readonly BackgroundTaskStarter[] = [startSignalingSweeper, startRoamingExpiry];
