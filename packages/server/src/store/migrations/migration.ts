import type { Kysely } from 'kysely';
import type { Dialect } from '../store.ts';

/**
 * One schema step. `up` runs inside the migration transaction (DDL is transactional on both dialects), so a
 * failed step leaves nothing behind. Versions are applied in order and never edited once released: a schema
 * change is a new file with the next version.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  // Migrations see the database as it was at their version, not today's `Database` type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}
