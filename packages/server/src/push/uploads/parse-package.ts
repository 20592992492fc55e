/**
 * Reads an account or token package (TPNS "package upload"): a .txt or .csv file, or a .zip holding exactly one
 * of those, UTF-8, one id per line. Blank lines are skipped, CSV lines keep their first column, repeated ids are
 * kept once (a device must not get the same push twice).
 */
import { unzipSync } from 'fflate';
import { heraldError } from '@herald/protocol';
import { MAX_ACCOUNT_LENGTH } from '../model/limits.ts';

const TEXT_FILE = /\.(txt|csv)$/i;

export function checkPackageName(name: string): void {
  if (name.length < 1 || name.length > 100) throw heraldError('UPLOAD_FAILED', 'file: the file name must be 1–100 characters');
  if (!TEXT_FILE.test(name) && !/\.zip$/i.test(name)) throw heraldError('UPLOAD_FAILED', 'file: only .txt, .csv or .zip files are accepted');
}

function textOf(name: string, data: Uint8Array): string {
  if (TEXT_FILE.test(name)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data);
  } catch {
    throw heraldError('UPLOAD_FAILED', 'file: not a valid zip archive');
  }
  const files = Object.entries(entries).filter(([entry]) => !entry.endsWith('/') && !entry.startsWith('__MACOSX/'));
  const only = files[0];
  if (files.length !== 1 || only === undefined || !TEXT_FILE.test(only[0])) {
    throw heraldError('UPLOAD_FAILED', 'file: a zip must hold exactly one .txt or .csv file');
  }
  return Buffer.from(only[1].buffer, only[1].byteOffset, only[1].byteLength).toString('utf8');
}

/** Returns the distinct ids of the package, in file order. */
export function parsePackage(name: string, data: Uint8Array): string[] {
  checkPackageName(name);
  const text = textOf(name, data).replace(/^\uFEFF/, '');
  const seen = new Set<string>();
  let lineNo = 0;
  for (const line of text.split(/\r?\n/)) {
    lineNo++;
    const value = (line.includes(',') ? line.slice(0, line.indexOf(',')) : line).trim().replace(/^"(.*)"$/, '$1');
    if (value === '') continue;
    if (value.length > MAX_ACCOUNT_LENGTH) throw heraldError('UPLOAD_FAILED', `file: line ${lineNo} is longer than ${MAX_ACCOUNT_LENGTH} characters`);
    seen.add(value);
  }
  if (seen.size === 0) throw heraldError('UPLOAD_EMPTY', 'file: no ids in the package');
  return [...seen];
}
