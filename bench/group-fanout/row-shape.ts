/**
 * The seeding check: a seeded member's rows, read back from the store, against those of a real-API member other
 * than the template. Every table must have the row, with the same columns, null in the same places, and equal
 * values everywhere except the member's own identity (seed-rows.ts). The real member's device must be
 * push_online with an active TPNS-mode report, so the reference itself is what the issue describes.
 */
import { IDENTITY_COLUMNS } from './seed-rows.ts';
import { MEMBER_TABLES, type MemberRows } from './types.ts';

const show = (v: unknown): string => (v === null ? 'null' : JSON.stringify(v));

export function shapeProblems(realId: string, real: MemberRows, seededId: string, seeded: MemberRows): string[] {
  const problems: string[] = [];
  for (const table of MEMBER_TABLES) {
    const r = real[table];
    const s = seeded[table];
    if (r === null || s === null) {
      problems.push(`${table}: ${r === null ? realId : seededId} has no row`);
      continue;
    }
    const columns = new Set([...Object.keys(r), ...Object.keys(s)]);
    for (const column of columns) {
      const where = `${table}.${column}`;
      if (!(column in r) || !(column in s)) {
        problems.push(`${where}: only ${column in r ? realId : seededId} has it`);
        continue;
      }
      const rv = r[column];
      const sv = s[column];
      if ((rv === null) !== (sv === null)) problems.push(`${where}: ${realId} ${show(rv)}, ${seededId} ${show(sv)}`);
      else if (!IDENTITY_COLUMNS[table].includes(column) && String(rv) !== String(sv)) problems.push(`${where}: ${realId} ${show(rv)} ≠ ${seededId} ${show(sv)}`);
    }
  }
  return problems;
}

/** What the setup requires of every member's rows: a phone that logged in and left, reporting a TPNS token. */
export function setupProblems(userId: string, rows: MemberRows): string[] {
  const problems: string[] = [];
  if (rows.im_device?.['state'] !== 'push_online') problems.push(`${userId}: im_device.state ${show(rows.im_device?.['state'] ?? null)}, not push_online`);
  if (rows.im_offline_push_config?.['mode'] !== 'tpns' || rows.im_offline_push_config['status'] !== 'active') {
    problems.push(`${userId}: no active TPNS-mode offline push report`);
  }
  if (rows.device?.['status'] !== 'active') problems.push(`${userId}: push device not active`);
  if (rows.im_group_member === null) problems.push(`${userId}: not a member of the group`);
  return problems;
}
