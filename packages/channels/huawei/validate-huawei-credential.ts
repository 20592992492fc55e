/**
 * Proves a Huawei credential when it is saved: one real access-token request with it. A wrong secret comes back
 * as `{ok: false, retryable: false, reason: "OAuth:1101:12304"}`, an unknown client ID as "OAuth:1101:20003";
 * `retryable: true` means Huawei could not be asked (network, 5xx), not that the credential is wrong.
 */
import { checkClientCredentials, type CredentialCheck } from './client-credentials-token.ts';
import { createHttpTransport } from './http-transport.ts';
import { HUAWEI_AUTH_URL, HUAWEI_TOKEN_PATH } from './huawei-channel.ts';
import { huaweiClientId, type HuaweiCredential } from './huawei-credential.ts';

export async function validateHuaweiCredential(
  credential: HuaweiCredential,
  o: { authBaseUrl?: string; ca?: string; timeoutMs?: number } = {},
): Promise<CredentialCheck> {
  const transport = createHttpTransport({ maxSockets: 1, ...(o.ca === undefined ? {} : { ca: o.ca }) });
  try {
    return await checkClientCredentials({
      url: `${(o.authBaseUrl ?? HUAWEI_AUTH_URL).replace(/\/+$/, '')}${HUAWEI_TOKEN_PATH}`,
      clientId: huaweiClientId(credential),
      clientSecret: credential.clientSecret,
      transport,
      timeoutMs: o.timeoutMs ?? 10_000,
    });
  } finally {
    transport.close();
  }
}
