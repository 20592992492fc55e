export {
  createVivoChannel,
  VIVO_DEFAULT_BASE_URL,
  VIVO_SEND_PATH,
  VIVO_SAVE_LIST_PAYLOAD_PATH,
  VIVO_PUSH_TO_LIST_PATH,
  VIVO_MAX_LIST_TARGETS,
  type VivoChannel,
  type VivoChannelOptions,
  type VivoChannelStats,
} from './vivo-channel.ts';
export { parseVivoCredential, type VivoCredential } from './vivo-credentials.ts';
export { validateVivoCredential, type VivoCredentialCheck } from './vivo-validate.ts';
export { vivoAuthSign, VIVO_AUTH_PATH, VIVO_AUTH_TOKEN_LIFETIME_MS } from './vivo-auth.ts';
export { VIVO_RESULTS, vivoResultEntry, vivoInvalidUser, type VivoResultAction, type VivoResultEntry } from './vivo-results.ts';
export { VIVO_TITLE_LIMIT, VIVO_CONTENT_LIMIT, shapeVivoText, vivoTextLength } from './vivo-text.ts';
