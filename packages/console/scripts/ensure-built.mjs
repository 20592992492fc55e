/**
 * `npm start` runs this first (root `prestart`): it builds the console into dist/ when dist is missing or older
 * than any of its sources, and otherwise does nothing, in a few milliseconds. So `npm ci && npm start` serves the
 * console on a fresh checkout, a pulled change shows on the next start, and a start with nothing changed is not
 * slowed down. `npm run build:console` always builds.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtAt = (() => {
  const index = join(root, 'dist', 'index.html');
  return existsSync(index) ? statSync(index).mtimeMs : undefined;
})();
const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(root, p));

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const sourcesAt = Math.max(...inputs.map(newestMtime));
if (builtAt !== undefined && builtAt >= sourcesAt) process.exit(0);

process.stdout.write(builtAt === undefined ? 'Building the web console (first start)…\n' : 'Rebuilding the web console (its sources changed)…\n');
const { build } = await import('vite');
try {
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
} catch (err) {
  // The server still starts; /console then explains how to build.
  process.stderr.write(`The web console could not be built: ${err instanceof Error ? err.message : String(err)}\n` + 'Herald starts without it; fix the build and run `npm run build:console`.\n');
}
