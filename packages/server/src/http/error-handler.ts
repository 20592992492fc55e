/**
 * One error handler for every edge. Known errors keep their catalogue code and status; anything else is a 500
 * with a generic message, logged in full. The body shape follows the API the route belongs to:
 * - TPNS `/v3` push, tag and account APIs: `{ret_code, err_msg}` (snake);
 * - TPNS statistics, upload and account-query APIs: `{retCode, errMsg}` (camel);
 * - Tencent IM REST API `/v4`: HTTP 200 with `{ActionStatus: 'FAIL', ErrorCode, ErrorInfo}` (Tencent's convention);
 * - Herald's own APIs (`/sdk/v1`, `/api`, …): `{code, message, statusCode, requestId, details?}`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HeraldError, heraldError, type ErrorCode } from '@herald/protocol';

export type ErrorStyle = 'tpns-snake' | 'tpns-camel' | 'im-rest' | 'herald';

declare module 'fastify' {
  interface FastifyContextConfig {
    errorStyle?: ErrorStyle;
  }
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST_PARAM_MISSING',
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST_JSON_MALFORMED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_JSON_MALFORMED',
  FST_ERR_CTP_INVALID_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'REQUEST_BODY_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_FILES_LIMIT: 'REQUEST_PARAM_INVALID',
  FST_PARTS_LIMIT: 'REQUEST_PARAM_INVALID',
  FST_FIELDS_LIMIT: 'REQUEST_PARAM_INVALID',
  FST_PROTO_VIOLATION: 'REQUEST_PARAM_INVALID',
  FST_ERR_VALIDATION: 'REQUEST_PARAM_INVALID',
};

/** `bodyAbsent`: the request came without a body, so a body schema failing at its root means "missing". */
export function toHeraldError(error: unknown, bodyAbsent = false): HeraldError {
  if (error instanceof HeraldError) return error;
  const fe = error as Partial<FastifyError> & { validation?: Array<{ keyword?: string; instancePath?: string; params?: Record<string, unknown>; message?: string }> };
  if (fe.validation !== undefined) {
    const first = fe.validation[0];
    if (bodyAbsent && (fe.validationContext ?? 'body') === 'body' && (first?.instancePath ?? '') === '') {
      return heraldError('REQUEST_PARAM_MISSING', 'body: a JSON object is required');
    }
    const missing = first?.keyword === 'required';
    const where = `${fe.validationContext ?? 'body'}${first?.instancePath ?? ''}`.replace(/\//g, '.');
    const field = missing ? `${where}.${String(first?.params?.['missingProperty'] ?? '')}` : where;
    return heraldError(missing ? 'REQUEST_PARAM_MISSING' : 'REQUEST_PARAM_INVALID', `${field}: ${first?.message ?? 'invalid'}`);
  }
  const mapped = fe.code === undefined ? undefined : FASTIFY_CODES[fe.code];
  if (mapped !== undefined) return heraldError(mapped, fe.message);
  if (fe.statusCode === 404) return heraldError('ROUTE_NOT_FOUND');
  return new HeraldError('INTERNAL', undefined, { cause: error });
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: HeraldError): FastifyReply {
  const style = request.routeOptions.config?.errorStyle ?? styleForUrl(request.url);
  if (style === 'im-rest') {
    // Tencent answers every /v4 call with HTTP 200; the outcome is in the body.
    return reply.status(200).send({ ActionStatus: 'FAIL', ErrorCode: error.imCode ?? imFallback(error), ErrorInfo: error.message });
  }
  const body =
    style === 'tpns-snake'
      ? { ret_code: error.retCode, err_msg: error.message, ...seqEcho(request) }
      : style === 'tpns-camel'
        ? { retCode: error.retCode, errMsg: error.message }
        : { code: error.code, message: error.message, statusCode: error.status, requestId: request.id, ...(error.details ? { details: error.details } : {}) };
  return reply.status(error.status).send(body);
}

/** Tencent IM REST common codes for failures the catalogue gives no IM code of their own. */
function imFallback(error: HeraldError): number {
  if (error.status === 401 || error.status === 403) return 60004;
  if (error.status >= 500) return 60008;
  return 60002;
}

function styleForUrl(url: string): ErrorStyle {
  if (url.startsWith('/v4/')) return 'im-rest';
  if (url.startsWith('/v3/statistics/') || url.startsWith('/v3/push/package/')) return 'tpns-camel';
  return url.startsWith('/v3/') ? 'tpns-snake' : 'herald';
}

function seqEcho(request: FastifyRequest): { seq?: number } {
  const body = request.body as { seq?: unknown } | undefined;
  return typeof body?.seq === 'number' ? { seq: body.seq } : {};
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const herald = toHeraldError(error, request.body === undefined);
    if (herald.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ code: herald.code, msg: herald.message }, 'request refused');
    return sendError(request, reply, herald);
  });
  app.setNotFoundHandler((request, reply) => {
    // Web pages call the SDK API cross-origin; without this a mistyped path would look like a network error.
    if (request.url.startsWith('/sdk/v1/')) reply.header('access-control-allow-origin', '*');
    return sendError(request, reply, heraldError('ROUTE_NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
