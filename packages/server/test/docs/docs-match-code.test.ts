/**
 * docs/errors.md and docs/configuration.md must list exactly what the code defines, in both directions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ErrorCatalogue } from '@herald/protocol';
import { ConfigSchema, ENV_NAMES } from '../../src/config/schema.ts';

const root = new URL('../../../../', import.meta.url);

function tableRows(file: string): string[][] {
  return readFileSync(new URL(file, root), 'utf8')
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

test('docs/errors.md lists every catalogue code with its status, ret_code and IM ErrorCode, and nothing else', () => {
  const rows = tableRows('docs/errors.md');
  const documented = new Map(
    rows.map(([code, status, retCode, imCode]) => [code!.replace(/`/g, ''), { status: Number(status), retCode: Number(retCode), imCode: imCode === '—' ? undefined : Number(imCode) }]),
  );
  for (const [code, entry] of Object.entries(ErrorCatalogue)) {
    const imCode = 'imCode' in entry ? entry.imCode : undefined;
    assert.deepEqual(documented.get(code), { status: entry.status, retCode: entry.retCode, imCode }, `${code} in docs/errors.md`);
  }
  for (const code of documented.keys()) assert.ok(code in ErrorCatalogue, `docs/errors.md lists ${code}, which the code does not define`);
});

test('docs/configuration.md lists every configuration variable with its default, and nothing else', () => {
  const rows = tableRows('docs/configuration.md');
  const documented = new Map(rows.map(([name, def]) => [/`(HERALD_[A-Z0-9_]+)`/.exec(name!)?.[1] ?? '', def!]));
  for (const [key, env] of Object.entries(ENV_NAMES)) {
    const schema = (ConfigSchema.properties as Record<string, { default?: unknown }>)[key];
    assert.ok(documented.has(env), `${env} is missing from docs/configuration.md`);
    const expected = schema?.default === undefined ? '—' : `\`${String(schema.default)}\``;
    assert.equal(documented.get(env), expected, `default of ${env}`);
  }
  const known = new Set(Object.values(ENV_NAMES));
  for (const env of documented.keys()) assert.ok(known.has(env), `docs/configuration.md lists ${env}, which the code does not read`);
});
