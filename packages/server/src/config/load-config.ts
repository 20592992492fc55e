import { readFileSync } from 'node:fs';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { ConfigSchema, ENV_NAMES, SECRET_KEYS, type Config } from './schema.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const validator = Compile(ConfigSchema);
const keyByEnv = new Map(Object.entries(ENV_NAMES).map(([k, v]) => [v, k as keyof Config]));

/**
 * Builds the frozen config from defaults < environment < `*_FILE` secrets < explicit overrides, and lists every
 * problem at once rather than stopping at the first.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Config> = {},
  warn: (message: string) => void = () => {},
): Config {
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES) as Array<[keyof Config, string]>) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
    const fileName = env[`${name}_FILE`];
    if (fileName !== undefined && fileName !== '') {
      if (!SECRET_KEYS.has(key)) {
        problems.push(`${name}_FILE: only secrets can be read from a file`);
        continue;
      }
      try {
        raw[key] = readFileSync(fileName, 'utf8').trim();
      } catch (err) {
        problems.push(`${name}_FILE: cannot read ${fileName} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('HERALD_') && !keyByEnv.has(name) && !keyByEnv.has(name.replace(/_FILE$/, ''))) {
      if (!name.startsWith('HERALD_TEST_')) warn(`Unknown configuration variable ${name} is ignored`);
    }
  }
  Object.assign(raw, overrides);
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw)) as Record<string, unknown>;
  const seen = new Set<string>();
  for (const error of validator.Errors(converted)) {
    const key = error.instancePath.replace(/^\//, '') as keyof Config;
    const label = ENV_NAMES[key] ?? (key || 'config');
    const shown = key && converted[key] !== undefined && !SECRET_KEYS.has(key) ? ` (got ${JSON.stringify(converted[key])})` : '';
    const problem = `${label}: ${error.message}${shown}`;
    if (!seen.has(problem)) problems.push(problem);
    seen.add(problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(converted as Config);
}
