export {
  createXiaomiChannel,
  XIAOMI_DEFAULT_BASE_URL,
  XIAOMI_MAX_REGIDS_PER_REQUEST,
  XIAOMI_SEND_PATH,
  type XiaomiChannel,
  type XiaomiChannelOptions,
  type XiaomiChannelStats,
} from './xiaomi-channel.ts';
export { parseXiaomiCredential, type XiaomiCredential } from './xiaomi-credential.ts';
export { validateXiaomiCredential, XIAOMI_STATS_PATH, type XiaomiCredentialCheck } from './validate-xiaomi-credential.ts';
export { shapeXiaomiText, XIAOMI_BODY_MAX, XIAOMI_TITLE_MAX } from './xiaomi-text.ts';
export { XIAOMI_RESULTS, xiaomiResultEntry, type XiaomiAction, type XiaomiResultEntry } from './xiaomi-results.ts';
export { XIAOMI_MAX_TTL_MS } from './xiaomi-form.ts';
