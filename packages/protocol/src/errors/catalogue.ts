/**
 * The catalogue of error codes. Codes are stable forever: a retired code is never reused.
 * `retCode` is the TPNS `ret_code` returned on the /v3 API for this failure (TPNS error-code table,
 * tencentcloud.com/document/product/1024/33763); codes without a TPNS counterpart use 1008004 (internal) or
 * 1008007 (invalid parameter). `imCode` is the Tencent IM `ErrorCode` the IM APIs (`/v4`, `/ws`) return for it
 * (Tencent IM REST API common error codes and account error codes). `docs/errors.md` lists the same codes; a test
 * keeps the two in step.
 */
export const ErrorCatalogue = {
  // Request shape
  REQUEST_JSON_MALFORMED: { status: 400, retCode: 1008001, imCode: 60003, message: 'The request body is not valid JSON' },
  REQUEST_PARAM_MISSING: { status: 400, retCode: 1008002, message: 'A required parameter is missing' },
  REQUEST_PARAM_INVALID: { status: 400, retCode: 1008007, message: 'A parameter has an invalid value' },
  REQUEST_BODY_TOO_LARGE: { status: 413, retCode: 1008007, imCode: 93000, message: 'The request body is too large' },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, retCode: 1008001, message: 'Unsupported content type' },
  REQUEST_DATE_INVALID: { status: 400, retCode: 1008016, message: 'Bad date format' },
  ROUTE_NOT_FOUND: { status: 404, retCode: 1008007, imCode: 60009, message: 'No such endpoint' },

  // Authentication and tenancy
  AUTH_FAILED: { status: 401, retCode: 1008003, message: 'Authentication failed' },
  AUTH_SIGNATURE_EXPIRED: { status: 401, retCode: 1008003, message: 'The signed request is outside the replay window' },
  AUTH_REPLAYED: { status: 401, retCode: 1008003, message: 'This signed request was already used' },
  AUTH_ACCESS_ID_UNKNOWN: { status: 401, retCode: 1008035, message: 'Wrong AccessID, or it does not belong to this access point' },
  AUTH_ADMIN_REQUIRED: { status: 401, retCode: 1008003, message: 'Admin authentication required' },
  DEVICE_AUTH_FAILED: { status: 401, retCode: 1008003, message: 'The device secret does not match this token' },

  // Products and apps
  PRODUCT_NOT_FOUND: { status: 404, retCode: 1008007, message: 'No such product' },
  PRODUCT_AUTHORIZED: { status: 409, retCode: 1008007, message: 'The product has an app authorized to an IM app; remove the authorization first' },
  APP_NOT_FOUND: { status: 404, retCode: 1008035, message: 'No such app' },
  APP_EXISTS: { status: 409, retCode: 1008025, message: 'The product already has an app for this platform' },
  APP_AUTHORIZED: { status: 409, retCode: 1008007, message: 'The app is authorized to an IM app; remove the authorization first' },
  APP_ALREADY_AUTHORIZED: { status: 409, retCode: 1008007, message: 'The app is already authorized to another IM app' },
  APP_NOT_AUTHORIZED: { status: 404, retCode: 1008007, message: 'The app is not authorized to this IM app' },

  // Credentials
  CREDENTIAL_PARSE_FAILED: { status: 400, retCode: 1008013, message: 'The certificate or key could not be parsed' },
  CREDENTIAL_BUNDLE_MISMATCH: { status: 400, retCode: 1008020, message: "The certificate's bundle ID does not match the app" },
  CREDENTIAL_P12_INVALID: { status: 400, retCode: 1008021, message: 'Invalid .p12 content' },
  CREDENTIAL_P12_PASSWORD: { status: 400, retCode: 1008022, message: 'Wrong .p12 password' },
  CREDENTIAL_EXPIRED: { status: 400, retCode: 1008023, message: 'The push certificate has expired for this environment' },
  CREDENTIAL_NOT_FOUND: { status: 404, retCode: 1008007, message: 'No credential configured for this channel and environment' },
  CREDENTIAL_REJECTED: { status: 400, retCode: 1008007, message: 'The vendor refused the credential' },

  // Devices, accounts, tags
  DEVICE_TOKEN_INVALID: { status: 400, retCode: 1008006, message: 'Invalid token' },
  DEVICE_NOT_FOUND: { status: 404, retCode: 10110008, message: 'Token or account does not exist' },
  ACCOUNT_TOKEN_LIMIT: { status: 400, retCode: 1008007, message: 'An account can be bound to at most 100 tokens' },
  ACCOUNT_TYPE_INVALID: { status: 400, retCode: 1008007, message: 'Unknown account_type' },
  TAG_LIMIT: { status: 400, retCode: 1008007, message: 'Tag limit reached (10,000 per app, 100 per token)' },
  BATCH_PARTIAL: { status: 200, retCode: 1008026, message: 'Batch partially failed' },
  BATCH_FAILED: { status: 200, retCode: 1008027, message: 'Batch completely failed' },

  // Push tasks
  PUSH_TASK_NOT_FOUND: { status: 404, retCode: 1008015, message: 'Push task ID does not exist' },
  PUSH_TARGET_NOT_FOUND: { status: 400, retCode: 10010005, message: 'Push target does not exist' },
  PUSH_TIME_INVALID: { status: 400, retCode: 10010012, message: 'Invalid push time' },
  PUSH_TASK_STATE: { status: 409, retCode: 1008007, message: 'The task is not in a state that allows this operation' },
  PUSH_PAYLOAD_TOO_LARGE: { status: 400, retCode: 1008007, message: 'The message is larger than 4 KB' },
  PUSH_PLAN_NOT_FOUND: { status: 404, retCode: 1008007, message: 'No such push plan' },
  UPLOAD_FAILED: { status: 400, retCode: 1008011, message: 'File upload failed' },
  UPLOAD_EMPTY: { status: 400, retCode: 1008012, message: 'The uploaded file is empty' },
  UPLOAD_NOT_FOUND: { status: 404, retCode: 1008007, message: 'No such upload_id' },

  // IM identity (Tencent IM account error codes)
  IM_APP_NOT_FOUND: { status: 401, retCode: 1008003, imCode: 70020, message: 'No such SDKAppID' },
  IM_USERSIG_EMPTY: { status: 401, retCode: 1008003, imCode: 70002, message: 'The UserSig is empty' },
  IM_USERSIG_INVALID: { status: 401, retCode: 1008003, imCode: 70003, message: 'The UserSig could not be parsed' },
  IM_USERSIG_EXPIRED: { status: 401, retCode: 1008003, imCode: 70001, message: 'The UserSig has expired' },
  IM_USERSIG_KEY_MISMATCH: { status: 401, retCode: 1008003, imCode: 70009, message: "The UserSig was not signed with this app's key" },
  IM_USERSIG_USER_MISMATCH: { status: 401, retCode: 1008003, imCode: 70013, message: 'The UserID does not match the UserSig' },
  IM_USERSIG_APP_MISMATCH: { status: 401, retCode: 1008003, imCode: 70014, message: 'The SDKAppID does not match the UserSig' },
  IM_ACCOUNT_NOT_FOUND: { status: 404, retCode: 1008007, imCode: 70107, message: 'The UserID was not imported into this IM app' },
  IM_ADMIN_REQUIRED: { status: 403, retCode: 1008003, imCode: 60010, message: 'The request needs an app admin identifier' },
  IM_REST_URL_INVALID: { status: 400, retCode: 1008002, imCode: 60002, message: 'sdkappid, identifier, usersig, random and contenttype=json are required in the URL' },
  IM_PACKET_TOO_LARGE: { status: 413, retCode: 1008007, imCode: 93000, message: 'The request is larger than 12 KB' },
  IM_APP_UNKNOWN: { status: 404, retCode: 1008007, imCode: 70020, message: 'No such IM app' },
  IM_APP_EXISTS: { status: 409, retCode: 1008007, message: 'An IM app with this SDKAppID already exists' },
  IM_ACCOUNT_PARAM_INVALID: { status: 400, retCode: 1008007, imCode: 70402, message: 'Invalid parameter: a required field is missing or malformed' },

  // IM messages (Tencent IM message error codes)
  IM_MSG_BODY_INVALID: { status: 400, retCode: 1008007, imCode: 90002, message: 'MsgBody is not an array of valid message elements' },
  IM_MSG_LIFETIME_INVALID: { status: 400, retCode: 1008007, imCode: 90026, message: 'MsgLifeTime must be 0 to 604800 seconds (7 days)' },
  IM_MSG_TO_ACCOUNT_LIMIT: { status: 400, retCode: 1008007, imCode: 90011, message: 'At most 500 recipients per batch' },
  IM_MSG_REJECTED_BY_CALLBACK: { status: 403, retCode: 1008007, imCode: 20006, message: "The app's before-send webhook refused the message" },
  IM_MSG_CALLBACK_CUSTOM_ERROR: { status: 403, retCode: 1008007, imCode: 120001, message: "The app's before-send webhook refused the message with its own code (120001-130000)" },
  IM_MSG_NOT_FOUND: { status: 404, retCode: 1008007, imCode: 20001, message: 'No such message in this conversation' },
  IM_MSG_RECALL_TIME_LIMIT: { status: 403, retCode: 1008007, imCode: 20016, message: 'The recall window for this message has passed' },
  IM_MSG_RECALL_DENIED: { status: 403, retCode: 1008007, message: 'Only the sender may recall a one-to-one message' },
  IM_MSG_SENDER_MUTED: { status: 403, retCode: 1008007, imCode: 20012, message: 'The sender is muted' },

  // IM groups (Tencent IM group error codes)
  IM_GROUP_PARAM_INVALID: { status: 400, retCode: 1008007, imCode: 10004, message: 'Invalid group parameter' },
  IM_GROUP_ACCOUNT_LIMIT: { status: 400, retCode: 1008007, imCode: 10005, message: 'Too many accounts in one request' },
  IM_GROUP_PERMISSION_DENIED: { status: 403, retCode: 1008007, imCode: 10007, message: 'Not allowed for this member role or group type' },
  IM_GROUP_NOT_MEMBER: { status: 403, retCode: 1008007, imCode: 10007, message: 'The user is not a member of this group' },
  IM_GROUP_OWNER_CANNOT_QUIT: { status: 403, retCode: 1008007, imCode: 10009, message: 'The owner cannot quit; transfer ownership or dismiss the group' },
  IM_GROUP_NOT_FOUND: { status: 404, retCode: 1008007, imCode: 10010, message: 'The group does not exist or was dismissed' },
  IM_GROUP_ALREADY_MEMBER: { status: 409, retCode: 1008007, imCode: 10013, message: 'The user is already a member of this group' },
  IM_GROUP_FULL: { status: 409, retCode: 1008007, imCode: 10014, message: 'The group has reached its member limit' },
  IM_GROUP_ID_INVALID: { status: 400, retCode: 1008007, imCode: 10015, message: 'Invalid group ID' },
  IM_GROUP_REJECTED_BY_CALLBACK: { status: 403, retCode: 1008007, imCode: 10016, message: "The app's webhook refused the group operation" },
  IM_GROUP_MUTED: { status: 403, retCode: 1008007, imCode: 10017, message: 'Muted: the member or the whole group may not speak' },
  IM_GROUP_ACCOUNT_NOT_FOUND: { status: 404, retCode: 1008007, imCode: 10019, message: 'A UserID in the request is not an account of this app' },
  IM_GROUP_ID_IN_USE: { status: 409, retCode: 1008007, imCode: 10021, message: 'The group ID is already in use' },
  IM_GROUP_REQUEST_HANDLED: { status: 409, retCode: 1008007, imCode: 10024, message: 'The join request was already handled' },
  IM_GROUP_MSG_NOT_FOUND: { status: 404, retCode: 1008007, imCode: 10030, message: 'No such group message' },
  IM_GROUP_RECALL_TIME_LIMIT: { status: 403, retCode: 1008007, imCode: 10031, message: 'The recall window for this group message has passed' },
  IM_GROUP_RECALL_UNSUPPORTED: { status: 400, retCode: 1008007, imCode: 10033, message: 'This group type does not support recall' },
  IM_GROUP_COUNT_LIMIT: { status: 409, retCode: 1008007, imCode: 10037, message: 'The user has created or joined too many groups' },

  // Signaling
  IM_SIGNAL_INVITE_NOT_FOUND: { status: 404, retCode: 1008007, imCode: 8010, message: 'No such invitation, or it is no longer pending' },
  IM_SIGNAL_NO_PERMISSION: { status: 403, retCode: 1008007, imCode: 8011, message: 'Only the inviter may cancel; only a pending invitee may accept or reject' },

  // IM offline push (native-mode certificates and device reports)
  IM_PUSH_CERT_NOT_FOUND: { status: 404, retCode: 1008007, message: 'No offline push certificate with this ID in this IM app' },
  IM_PUSH_CERT_EXISTS: { status: 409, retCode: 1008007, message: 'The IM app already has a certificate for this credential and push type' },

  // Chat protocol (/ws)
  WS_FRAME_MALFORMED: { status: 400, retCode: 1008001, imCode: 6027, message: 'The frame is not a JSON object with an op' },
  WS_UNKNOWN_OP: { status: 400, retCode: 1008007, imCode: 6017, message: 'Unknown op' },
  WS_NOT_LOGGED_IN: { status: 401, retCode: 1008003, imCode: 6014, message: 'Log in first' },
  WS_ALREADY_LOGGED_IN: { status: 409, retCode: 1008007, imCode: 6017, message: 'This connection is already logged in' },
  WS_RATE_LIMITED: { status: 429, retCode: 1008007, imCode: 7008, message: 'Too many frames from this connection' },

  // Web console (admin accounts and sessions; no credentials at all is AUTH_ADMIN_REQUIRED, as on /api)
  CONSOLE_CSRF_REJECTED: { status: 403, retCode: 1008003, message: 'A console change needs the X-CSRF-Token of the session and a same-origin request' },
  CONSOLE_READ_ONLY: { status: 403, retCode: 1008003, message: 'This console account is read-only' },
  CONSOLE_SIGNIN_FAILED: { status: 401, retCode: 1008003, message: 'Wrong username or password' },
  CONSOLE_SIGNIN_RATE_LIMITED: { status: 429, retCode: 1008007, message: 'Too many failed sign-ins; try again after Retry-After seconds' },
  CONSOLE_SETUP_DONE: { status: 409, retCode: 1008007, message: 'The console already has an admin; sign in instead' },
  CONSOLE_SETUP_TOKEN_INVALID: { status: 403, retCode: 1008003, message: 'Wrong setup token' },
  CONSOLE_ADMIN_EXISTS: { status: 409, retCode: 1008007, message: 'A console account with this username already exists' },
  CONSOLE_ADMIN_NOT_FOUND: { status: 404, retCode: 1008007, message: 'No console account with this username' },
  CONSOLE_LAST_ADMIN: { status: 409, retCode: 1008007, message: 'The last admin cannot be deleted or made read-only' },

  // Sandbox mode (loopback vendor emulators, docs/management-api.md#sandbox)
  SANDBOX_OFF: { status: 404, retCode: 1008007, message: 'Sandbox mode is off on this node (HERALD_SANDBOX=true turns it on)' },
  SANDBOX_DEVICE_NOT_FOUND: { status: 404, retCode: 1008007, message: 'No such sandbox device' },
  SANDBOX_APP_UNSUITABLE: { status: 400, retCode: 1008007, message: "The app cannot have this virtual device: the channel does not serve its platform, or it lacks the bundle ID / package name the vendor files it by" },
  SANDBOX_CREDENTIAL_MISSING: { status: 400, retCode: 1008007, message: "The app has no credential for this channel: issue one in the sandbox and save it first" },

  // Server
  INTERNAL: { status: 500, retCode: 1008004, message: 'Internal error' },
} as const satisfies Record<string, { status: number; retCode: number; imCode?: number; message: string }>;

export type ErrorCode = keyof typeof ErrorCatalogue;

export const errorCodes = Object.keys(ErrorCatalogue) as ErrorCode[];
