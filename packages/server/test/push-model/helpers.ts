import assert from 'node:assert/strict';
import { isHeraldError, type ErrorCode } from '@herald/protocol';

/** Asserts that `fn` throws a HeraldError with `code`, and that its message names `field` when given. */
export function assertHeraldError(fn: () => unknown, code: ErrorCode, field?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isHeraldError(err), `expected HeraldError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (field !== undefined) assert.ok(err.message.startsWith(`${field}:`), `message "${err.message}" should start with "${field}:"`);
    return true;
  });
}
