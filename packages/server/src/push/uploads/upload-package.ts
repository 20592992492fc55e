/**
 * Reads an account or token package from a multipart request (the `file` part) and stores it for the app: the
 * reading of `/v3/push/package/upload`, for callers that answer in their own shape (the management API). The
 * part is limited by the multipart plugin's `fileSize` (HERALD_UPLOAD_LIMIT_BYTES, TPNS's 100 MB); over it the
 * plugin's error becomes REQUEST_BODY_TOO_LARGE.
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { parsePackage } from './parse-package.ts';
import { storePackage } from './store-package.ts';

export interface StoredPackage {
  uploadId: number;
  fileName: string;
  /** Distinct ids in the package (blank and repeated lines left out). */
  count: number;
}

export async function uploadPackage(ctx: ServerContext, accessId: number, request: FastifyRequest): Promise<StoredPackage> {
  if (!request.isMultipart()) throw heraldError('UPLOAD_FAILED', 'Send the package as multipart/form-data with a "file" part');
  const part = await request.file();
  if (part === undefined || part.fieldname !== 'file') throw heraldError('UPLOAD_FAILED', 'file: required');
  const data = await part.toBuffer();
  const values = parsePackage(part.filename, data);
  const uploadId = await storePackage(ctx, accessId, part.filename, values);
  return { uploadId, fileName: part.filename, count: values.length };
}
