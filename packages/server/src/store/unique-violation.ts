/**
 * True when `err` is a unique or primary-key constraint violation, on either dialect, so domain code can turn
 * "already exists" races into their own error codes without knowing which database runs underneath.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  // PostgreSQL SQLSTATE unique_violation; better-sqlite3's extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
