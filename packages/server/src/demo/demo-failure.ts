/**
 * A story step that did not behave as the guide says. The demo doubles as a smoke test: main.ts prints the
 * message under the step that failed and exits non-zero.
 */
export class DemoFailure extends Error {
  override readonly name = 'DemoFailure';
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoFailure(message);
}

/** Polls `check` until it returns a value other than undefined; fails after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DemoFailure(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
