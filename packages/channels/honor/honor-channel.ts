/**
 * The Honor Push channel: the Huawei-family engine (../huawei/huawei-style-channel.ts) with Honor's token
 * endpoint, send URL, headers, camelCase body and reply codes (honor-protocol.ts).
 *
 * Token endpoint: Honor's 2023 guide names `iam.developer.hihonor.com/auth/realms/developer/protocol/openid-
 * connect/token`; current Honor clients (push and app-market alike) use `iam.developer.honor.com/auth/token`
 * with the same form and `{access_token, expires_in}` reply (🔎), which is the default here.
 */
import {
  TokenRequestError,
  createHttpTransport,
  createHuaweiStyleChannel,
  requestClientCredentialsToken,
  type HuaweiFamilyChannelOptions,
  type HuaweiStyleChannel,
} from '../huawei/index.ts';
import type { HonorCredential } from './honor-credential.ts';
import { HONOR_MAX_TOKENS, createHonorProtocol } from './honor-protocol.ts';

export const HONOR_PUSH_URL = 'https://push-api.cloud.honor.com';
export const HONOR_AUTH_URL = 'https://iam.developer.honor.com';
export const HONOR_TOKEN_PATH = '/auth/token';

export interface HonorChannelOptions extends HuaweiFamilyChannelOptions {
  credential: HonorCredential;
}

export type HonorChannel = HuaweiStyleChannel;

export function honorTokenUrl(authBaseUrl: string | undefined): string {
  return `${(authBaseUrl ?? HONOR_AUTH_URL).replace(/\/+$/, '')}${HONOR_TOKEN_PATH}`;
}

export function createHonorChannel(o: HonorChannelOptions): HonorChannel {
  const clock = o.clock ?? Date.now;
  const maxInFlight = o.maxInFlight ?? 16;
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
  const transport = createHttpTransport({ maxSockets: maxInFlight, ...(o.ca === undefined ? {} : { ca: o.ca }) });
  const tokenUrl = honorTokenUrl(o.authBaseUrl);
  const { clientId, clientSecret } = o.credential;
  return createHuaweiStyleChannel({
    protocol: createHonorProtocol({ baseUrl: o.baseUrl ?? HONOR_PUSH_URL, appId: o.credential.appId }),
    async fetchToken() {
      const outcome = await requestClientCredentialsToken({ url: tokenUrl, clientId, clientSecret, transport, timeoutMs: requestTimeoutMs, clock });
      if (!outcome.ok) throw new TokenRequestError(outcome);
      return outcome.token;
    },
    transport,
    maxTokensPerRequest: Math.max(1, Math.min(HONOR_MAX_TOKENS, o.maxTokensPerRequest ?? HONOR_MAX_TOKENS)),
    requestTimeoutMs,
    maxInFlight,
    maxQueued: o.maxQueued ?? 10_000,
    maxRetryDelayMs: o.maxRetryDelayMs ?? 300_000,
    tokenMarginMs: o.tokenMarginMs ?? 300_000,
    observer: o.observer,
    clock,
  });
}
