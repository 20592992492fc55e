/**
 * Imported first by the server entry (main.ts), so that it runs before the rest of the server allocates and
 * while the only other threads are V8's own.
 */
import { lowerHelperThreadPriority } from './helper-thread-priority.ts';
import { disablePretenuring } from './v8-gc-tuning.ts';

disablePretenuring();
lowerHelperThreadPriority();
