/** Row types of the IM identity tables, as the IM service reads them. */
import type { Selectable } from 'kysely';
import type { ImAppTable, ImDeviceTable, ImUserTable } from '../../store/schema.ts';

export type ImAppRow = Selectable<ImAppTable>;
export type ImUserRow = Selectable<ImUserTable>;
export type ImDeviceRow = Selectable<ImDeviceTable>;
