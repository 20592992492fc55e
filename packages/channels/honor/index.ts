export { createHonorChannel, honorTokenUrl, HONOR_AUTH_URL, HONOR_PUSH_URL, HONOR_TOKEN_PATH, type HonorChannel, type HonorChannelOptions } from './honor-channel.ts';
export { parseHonorCredential, type HonorCredential } from './honor-credential.ts';
export { validateHonorCredential } from './validate-honor-credential.ts';
export { HONOR_MAX_BODY_BYTES, HONOR_MAX_TOKENS, HONOR_MAX_TTL_SECONDS } from './honor-protocol.ts';
export { HONOR_RESULT_CODES } from './honor-result-codes.ts';
export { HONOR_TEXT_LIMITS, shapeHonorText } from './honor-text.ts';
