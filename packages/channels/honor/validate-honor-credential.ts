/**
 * Proves a Honor credential when it is saved: one real access-token request with its client ID and secret.
 * `retryable: true` means Honor could not be asked (network, 5xx), not that the credential is wrong.
 */
import { checkClientCredentials, createHttpTransport, type CredentialCheck } from '../huawei/index.ts';
import { honorTokenUrl } from './honor-channel.ts';
import type { HonorCredential } from './honor-credential.ts';

export async function validateHonorCredential(
  credential: HonorCredential,
  o: { authBaseUrl?: string; ca?: string; timeoutMs?: number } = {},
): Promise<CredentialCheck> {
  const transport = createHttpTransport({ maxSockets: 1, ...(o.ca === undefined ? {} : { ca: o.ca }) });
  try {
    return await checkClientCredentials({
      url: honorTokenUrl(o.authBaseUrl),
      clientId: credential.clientId,
      clientSecret: credential.clientSecret,
      transport,
      timeoutMs: o.timeoutMs ?? 10_000,
    });
  } finally {
    transport.close();
  }
}
