export {
  createMeizuChannel,
  MEIZU_DEFAULT_BASE_URL,
  MEIZU_PUSH_BY_PUSH_ID_PATH,
  MEIZU_MAX_PUSH_IDS,
  type MeizuChannel,
  type MeizuChannelOptions,
  type MeizuChannelStats,
} from './meizu-channel.ts';
export { parseMeizuCredential, type MeizuCredential } from './meizu-credentials.ts';
export { validateMeizuCredential, MEIZU_DAILY_STATISTICS_PATH, type MeizuCredentialCheck } from './meizu-validate.ts';
export { meizuSign } from './meizu-sign.ts';
export { MEIZU_RETURN_CODES, MEIZU_PUSH_ID_CODES, meizuReturnCode, meizuPushIdCode, type MeizuAction, type MeizuCodeEntry } from './meizu-codes.ts';
export { MEIZU_TITLE_LIMIT, MEIZU_CONTENT_LIMIT, shapeMeizuText } from './meizu-text.ts';
