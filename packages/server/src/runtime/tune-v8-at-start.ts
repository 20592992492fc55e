/**
 * Imported first by the server entry (main.ts), so that it runs before the rest of the server allocates.
 */
import { disablePretenuring } from './v8-gc-tuning.ts';

disablePretenuring();
