/**
 * Bodies on `/v4`. Tencent caps a REST request at 12 KB (93000), far below the server-wide body limit, and the
 * server-wide JSON parser sets its own `bodyLimit` (a parser's limit wins over a route's), so this scope
 * replaces the parsers with one capped at 12 KB: an oversize body is refused while it streams, not after.
 * Tencent's clients post JSON under any content type (or none), so every type is read as JSON. An empty body
 * must be `{}`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';

export const IM_REST_BODY_LIMIT = 12 * 1024;

export function registerImRestBody(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: IM_REST_BODY_LIMIT }, (request, body, done) => {
    const buffer = body as Buffer;
    request.rawBody = buffer;
    if (buffer.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(buffer.toString('utf8')) as unknown);
    } catch {
      done(heraldError('REQUEST_JSON_MALFORMED'), undefined);
    }
  });
}

export async function requireImJsonObject(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (body === undefined || body === null) throw heraldError('REQUEST_JSON_MALFORMED', 'The body must be a JSON object; an empty request body must be {}');
  if (typeof body !== 'object' || Array.isArray(body)) throw heraldError('REQUEST_JSON_MALFORMED', 'The body must be a JSON object');
}
