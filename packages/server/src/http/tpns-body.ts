/**
 * Every TPNS `/v3` JSON API takes a JSON object. Checked once at the edge, after authentication, so each route
 * answers an empty body with 1008002 (missing) and an array, string or number with 1008007 (invalid) the same
 * way, whatever its own reader does with a non-object. Multipart routes (package upload) read their own body.
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';

export async function requireJsonObjectBody(request: FastifyRequest): Promise<void> {
  if (request.isMultipart()) return;
  const body = request.body;
  if (body === undefined) throw heraldError('REQUEST_PARAM_MISSING', 'body: a JSON object is required');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw heraldError('REQUEST_PARAM_INVALID', 'body: must be a JSON object');
}
