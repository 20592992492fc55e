/**
 * Google's error bodies, as FCM returns them (vendor-push-protocols.md §2.4). The envelope is google.rpc.Status as
 * JSON: `{"error":{"code","message","status","details":[…]}}`; FCM adds a
 * `type.googleapis.com/google.firebase.fcm.v1.FcmError` detail with its `errorCode`, and request-shape problems a
 * `type.googleapis.com/google.rpc.BadRequest` detail with `fieldViolations`.
 *
 * Marks on the messages: ✅ read in Google's docs (error-codes page samples); 🔎 captured from the real service in
 * public repositories; ⚠️ not seen, worded after Google's conventions.
 */

export const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
export const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

export interface FieldViolation {
  field: string;
  description: string;
}

export interface GoogleReply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

export function googleError(code: number, status: string, message: string, details?: unknown[]): GoogleReply {
  const error: Record<string, unknown> = { code, message, status };
  if (details !== undefined && details.length > 0) error['details'] = details;
  return { status: code, body: JSON.stringify({ error }), contentType: JSON_TYPE };
}

export function fcmErrorDetail(errorCode: string): Record<string, string> {
  return { '@type': FCM_ERROR_TYPE, errorCode };
}

export function badRequestDetail(violations: readonly FieldViolation[]): Record<string, unknown> {
  return { '@type': BAD_REQUEST_TYPE, fieldViolations: violations };
}

/** The request did not parse into a Message (ESF's proto-JSON errors): BadRequest only, no FcmError (✅ example 1). */
export function parseErrors(violations: readonly FieldViolation[]): GoogleReply {
  return googleError(400, 'INVALID_ARGUMENT', violations.map((v) => v.description).join('\n'), [badRequestDetail(violations)]);
}

/** FCM refused a field's value after parsing (⚠️ wording; the shape follows the captured "message.token" case). */
export function invalidArgument(field: string, description: string): GoogleReply {
  return googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', [
    fcmErrorDetail('INVALID_ARGUMENT'),
    badRequestDetail([{ field, description }]),
  ]);
}

/** ✅ FCM error codes page, example 2. */
export function invalidRegistrationToken(): GoogleReply {
  return googleError(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', [fcmErrorDetail('INVALID_ARGUMENT')]);
}

/** 🔎 captured: no target in the message. */
export function recipientNotSet(): GoogleReply {
  return googleError(400, 'INVALID_ARGUMENT', 'Recipient of the message is not set.', [
    badRequestDetail([{ field: 'message', description: 'Recipient of the message is not set.' }]),
    fcmErrorDetail('INVALID_ARGUMENT'),
  ]);
}

/** 🔎 captured: a payload over the limit is a bare INVALID_ARGUMENT without details. */
export function payloadTooLarge(): GoogleReply {
  return googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.');
}

const CREDENTIAL_HINT =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. ' +
  'See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** 🔎 Google's standard 401s. */
export function missingCredential(): GoogleReply {
  return googleError(401, 'UNAUTHENTICATED', `Request is missing required authentication credential. ${CREDENTIAL_HINT}`);
}

export function invalidCredential(): GoogleReply {
  return googleError(401, 'UNAUTHENTICATED', `Request had invalid authentication credentials. ${CREDENTIAL_HINT}`);
}

/** 🔎 the account may not send for this project ("(or it may not exist)" suffix ⚠️). */
export function permissionDenied(projectId: string): GoogleReply {
  return googleError(
    403,
    'PERMISSION_DENIED',
    `Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/${projectId}' (or it may not exist).`,
  );
}

/** 🔎 Google's standard answer to a token without the needed scope. */
export function insufficientScopes(): GoogleReply {
  return googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.');
}

export function notFound(path: string): GoogleReply {
  return googleError(404, 'NOT_FOUND', `The requested URL ${path} was not found on this server.`);
}

/** The faults a test can inject, each with the status, canonical code and message FCM uses for it. */
export type FcmFaultCode =
  | 'UNREGISTERED'
  | 'INVALID_ARGUMENT'
  | 'SENDER_ID_MISMATCH'
  | 'QUOTA_EXCEEDED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'THIRD_PARTY_AUTH_ERROR'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'BAD_GATEWAY';

/** 🔎 captured: Google's front end answers 502 with an HTML page, not JSON. */
const BAD_GATEWAY_HTML =
  '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 502 (Server Error)!!1</title>\n' +
  '  <p><b>502.</b> <ins>That’s an error.</ins>\n  <p>The server encountered a temporary error and could not complete your request.' +
  '<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>\n';

export function faultReply(code: FcmFaultCode, projectId: string): GoogleReply {
  switch (code) {
    case 'UNREGISTERED': // 🔎
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', [fcmErrorDetail('UNREGISTERED')]);
    case 'INVALID_ARGUMENT': // ✅
      return invalidRegistrationToken();
    case 'SENDER_ID_MISMATCH': // 🔎
      return googleError(403, 'PERMISSION_DENIED', 'SenderId mismatch', [fcmErrorDetail('SENDER_ID_MISMATCH')]);
    case 'QUOTA_EXCEEDED': // status ✅, message ⚠️ (the ErrorCode reference's description)
      return googleError(429, 'RESOURCE_EXHAUSTED', 'Sending limit exceeded for the message target.', [fcmErrorDetail('QUOTA_EXCEEDED')]);
    case 'UNAVAILABLE': // 🔎
      return googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', [fcmErrorDetail('UNAVAILABLE')]);
    case 'INTERNAL': // 🔎
      return googleError(500, 'INTERNAL', 'Internal error encountered.', [fcmErrorDetail('INTERNAL')]);
    case 'THIRD_PARTY_AUTH_ERROR': // status ✅, message ⚠️
      return googleError(401, 'UNAUTHENTICATED', 'Auth error from APNS or Web Push Service', [fcmErrorDetail('THIRD_PARTY_AUTH_ERROR')]);
    case 'UNAUTHENTICATED':
      return invalidCredential();
    case 'PERMISSION_DENIED':
      return permissionDenied(projectId);
    case 'BAD_GATEWAY':
      return { status: 502, body: BAD_GATEWAY_HTML, contentType: 'text/html; charset=UTF-8' };
  }
}
