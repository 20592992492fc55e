export { createAccessTokenCache, type AccessToken, type AccessTokenCache } from './access-token-cache.ts';
export { createRetryDelays, parseRetryAfter, type RetryDelays } from './retry-delay.ts';
export { createSendLimiter, type SendLimiter } from './send-limiter.ts';
export { createSettler, type RegIdGroup, type Settle } from './regid-groups.ts';
