import { timingSafeEqual } from 'node:crypto';

/**
 * Compares secrets (keys, signatures, tokens) without leaking through timing where they differ. Strings are
 * compared as UTF-8 bytes; a length difference returns false at once, which reveals only the length.
 */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  return left.length === right.length && timingSafeEqual(left, right);
}
