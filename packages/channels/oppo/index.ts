export {
  createOppoChannel,
  OPPO_DEFAULT_BASE_URL,
  OPPO_DEFAULT_INTL_BASE_URL,
  OPPO_MAX_MESSAGES_PER_BATCH,
  OPPO_UNICAST_BATCH_PATH,
  OPPO_UNICAST_PATH,
  type OppoChannel,
  type OppoChannelOptions,
  type OppoChannelStats,
} from './oppo-channel.ts';
export { parseOppoCredential, type OppoCredential } from './oppo-credential.ts';
export { validateOppoCredential, type OppoCredentialCheck } from './validate-oppo-credential.ts';
export { OPPO_AUTH_PATH, OPPO_TOKEN_LIFETIME_MS, oppoSign } from './oppo-auth.ts';
export { shapeOppoText, OPPO_BODY_MAX, OPPO_TITLE_MAX } from './oppo-text.ts';
export { OPPO_RESULTS, oppoResultEntry, type OppoAction, type OppoResultEntry } from './oppo-results.ts';
export { oppoRegionOf, type OppoRegion } from './oppo-region.ts';
export { OPPO_MAX_OFFLINE_TTL_S } from './oppo-notification.ts';
