export { createStore } from './create-store.ts';
export { isUniqueViolation } from './unique-violation.ts';
export { insertMany, type InsertManyOptions } from './insert-many.ts';
export { pruneQueue } from './sql-queue.ts';
export { migrations, runMigrations, type Migration } from './migrations.ts';
export type { Dialect, NewQueueJob, PushQueue, Store, StoreOptions } from './store.ts';
export type * from './schema.ts';
