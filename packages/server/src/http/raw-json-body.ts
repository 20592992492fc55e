/**
 * TPNS's Sign covers the exact request bytes, so JSON bodies are read as a buffer, kept on the request, then
 * parsed. A malformed body is answered with REQUEST_JSON_MALFORMED (TPNS 1008001) by the error handler.
 */
import type { FastifyInstance } from 'fastify';
import { heraldError } from '@herald/protocol';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export function registerRawJsonBody(app: FastifyInstance, bodyLimit: number): void {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    const buffer = body as Buffer;
    req.rawBody = buffer;
    if (buffer.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(buffer.toString('utf8')) as unknown);
    } catch {
      done(heraldError('REQUEST_JSON_MALFORMED'), undefined);
    }
  });
}
