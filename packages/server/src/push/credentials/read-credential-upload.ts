/**
 * Reads an APNs credential upload, as JSON (`{kind:'p8', keyId, teamId, key}` or `{kind:'p12', p12 (base64),
 * password}`) or as a multipart form with the file in any file field and `kind`, `keyId`, `teamId`,
 * `password` as fields (kind defaults from the file name: `.p8` or else `.p12`). `slot: "voip"` (a field in
 * either form) uploads a `.p12` as the VoIP Services certificate beside the environment's push certificate.
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import { asObject, invalidField, optionalString, requiredString } from '../model/field-reader.ts';
import type { ApnsCredentialUpload } from './apns-credential-service.ts';

const BASE64 = /^[A-Za-z0-9+/_=\s-]*$/;

function build(kind: string | undefined, get: (key: string) => string | undefined, file: Buffer | undefined, fileName: string | undefined): ApnsCredentialUpload {
  const resolved = kind ?? (fileName?.toLowerCase().endsWith('.p8') ? 'p8' : 'p12');
  const slot = get('slot');
  if (slot !== undefined && slot !== '' && slot !== 'main' && slot !== 'voip') throw invalidField('slot', "must be 'main' or 'voip'");
  const voip = slot === 'voip';
  if (voip && resolved !== 'p12') throw invalidField('slot', "the voip slot takes a .p12 VoIP Services certificate (a .p8 key pushes VoIP as the main credential)");
  if (resolved === 'p8') {
    const key = file?.toString('utf8') ?? get('key');
    if (key === undefined || key.trim() === '') throw heraldError('REQUEST_PARAM_MISSING', 'key: the .p8 file content is required');
    const keyId = get('keyId');
    const teamId = get('teamId');
    if (keyId === undefined) throw heraldError('REQUEST_PARAM_MISSING', 'keyId: required');
    if (teamId === undefined) throw heraldError('REQUEST_PARAM_MISSING', 'teamId: required');
    return { kind: 'p8', keyId, teamId, key };
  }
  if (resolved !== 'p12') throw invalidField('kind', "must be 'p8' or 'p12'");
  let p12 = file;
  if (p12 === undefined) {
    const text = get('p12');
    if (text === undefined || text.trim() === '') throw heraldError('REQUEST_PARAM_MISSING', 'p12: the base64 .p12 content is required');
    if (!BASE64.test(text)) throw heraldError('CREDENTIAL_P12_INVALID', 'p12: not base64');
    p12 = Buffer.from(text, 'base64');
  }
  if (p12.length === 0) throw heraldError('CREDENTIAL_P12_INVALID', 'The .p12 file is empty');
  return { kind: 'p12', p12, password: get('password') ?? '', ...(voip ? { slot: 'voip' as const } : {}) };
}

export async function readCredentialUpload(request: FastifyRequest): Promise<ApnsCredentialUpload> {
  if (request.isMultipart()) {
    const fields = new Map<string, string>();
    let file: Buffer | undefined;
    let fileName: string | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (file !== undefined) throw invalidField(part.fieldname, 'upload one file');
        file = await part.toBuffer();
        fileName = part.filename;
      } else if (typeof part.value === 'string') {
        fields.set(part.fieldname, part.value);
      }
    }
    return build(fields.get('kind'), (k) => fields.get(k), file, fileName);
  }
  const body = asObject(request.body, 'body');
  const kind = requiredString(body, 'kind', 'kind');
  return build(kind, (k) => optionalString(body, k, k), undefined, undefined);
}
