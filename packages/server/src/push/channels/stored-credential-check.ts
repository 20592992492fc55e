/**
 * Checking a sealed credential with its vendor. A stored secret that no longer parses cannot be checked;
 * saying so beats throwing from a validation call.
 */
import type { CredentialCheck } from './channel-driver.ts';

export async function checkStoredCredential<C>(
  secret: Record<string, unknown>,
  parse: (secret: Record<string, unknown>) => C,
  check: (credential: C) => Promise<CredentialCheck>,
): Promise<CredentialCheck> {
  let credential: C;
  try {
    credential = parse(secret);
  } catch (err) {
    return { ok: false, reason: `stored credential unreadable: ${err instanceof Error ? err.message : String(err)}`, transient: false };
  }
  return check(credential);
}
