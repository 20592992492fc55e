/**
 * The Huawei Push Kit channel: client-credentials OAuth against oauth-login.cloud.huawei.com, v1
 * `messages:send` to push-api.cloud.huawei.com, up to 1000 tokens per request (vendor-push-protocols.md §3).
 */
import type { ChannelObserver } from '../types.ts';
import { TokenRequestError, requestClientCredentialsToken } from './client-credentials-token.ts';
import { createHttpTransport } from './http-transport.ts';
import { huaweiClientId, type HuaweiCredential } from './huawei-credential.ts';
import { HUAWEI_MAX_TOKENS, createHuaweiProtocol } from './huawei-protocol.ts';
import { createHuaweiStyleChannel, type HuaweiStyleChannel } from './huawei-style-channel.ts';

export const HUAWEI_PUSH_URL = 'https://push-api.cloud.huawei.com';
export const HUAWEI_AUTH_URL = 'https://oauth-login.cloud.huawei.com';
export const HUAWEI_TOKEN_PATH = '/oauth2/v3/token';

export interface HuaweiFamilyChannelOptions {
  /** Push API base URL (scheme, host, port). */
  baseUrl?: string;
  /** OAuth token endpoint base URL. */
  authBaseUrl?: string;
  /** Extra trusted CA (PEM), e.g. the emulator's. */
  ca?: string;
  /** Tokens per request, at most the vendor's 1000. */
  maxTokensPerRequest?: number;
  /** Concurrent requests for this app. Default 16; the excess waits. */
  maxInFlight?: number;
  /** Requests allowed to wait; beyond this their targets are answered `retry` at once. Default 10,000. */
  maxQueued?: number;
  /** Per-request timeout. Default 10 s. */
  requestTimeoutMs?: number;
  /** Ceiling of the exponential retry delay when the vendor gives no Retry-After. Default 5 min. */
  maxRetryDelayMs?: number;
  /** Refresh the access token this long before it expires. Default 5 min (tokens last an hour). */
  tokenMarginMs?: number;
  observer?: ChannelObserver;
  clock?: () => number;
}

export interface HuaweiChannelOptions extends HuaweiFamilyChannelOptions {
  credential: HuaweiCredential;
  /** Sends `validate_only: true`: Huawei checks the message and delivers nothing (a dry run). */
  validateOnly?: boolean;
}

export type HuaweiChannel = HuaweiStyleChannel;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function createHuaweiChannel(o: HuaweiChannelOptions): HuaweiChannel {
  const clock = o.clock ?? Date.now;
  const maxInFlight = o.maxInFlight ?? 16;
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
  const transport = createHttpTransport({ maxSockets: maxInFlight, ...(o.ca === undefined ? {} : { ca: o.ca }) });
  const clientId = huaweiClientId(o.credential);
  const tokenUrl = `${trimSlash(o.authBaseUrl ?? HUAWEI_AUTH_URL)}${HUAWEI_TOKEN_PATH}`;
  return createHuaweiStyleChannel({
    protocol: createHuaweiProtocol({ baseUrl: o.baseUrl ?? HUAWEI_PUSH_URL, clientId, validateOnly: o.validateOnly ?? false }),
    async fetchToken() {
      const outcome = await requestClientCredentialsToken({ url: tokenUrl, clientId, clientSecret: o.credential.clientSecret, transport, timeoutMs: requestTimeoutMs, clock });
      if (!outcome.ok) throw new TokenRequestError(outcome);
      return outcome.token;
    },
    transport,
    maxTokensPerRequest: Math.max(1, Math.min(HUAWEI_MAX_TOKENS, o.maxTokensPerRequest ?? HUAWEI_MAX_TOKENS)),
    requestTimeoutMs,
    maxInFlight,
    maxQueued: o.maxQueued ?? 10_000,
    maxRetryDelayMs: o.maxRetryDelayMs ?? 300_000,
    tokenMarginMs: o.tokenMarginMs ?? 300_000,
    observer: o.observer,
    clock,
  });
}
