// Builds the dashboard for `dotnet build` (Stepwise.Server's BuildDashboard target): `npm ci` when package-lock.json
// changed since the last install, then `npm run build` when an input of the build changed since the last build.
// Both run under a lock folder, so parallel builds of several projects never run npm in this folder at once, and a
// build that waited for the lock finds the work done and skips it.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(dirname(fileURLToPath(import.meta.url)));
const lock = join(web, '.build-lock');
const installStamp = join(web, 'node_modules', '.stepwise-install');
const buildStamp = join(web, 'node_modules', '.stepwise-build');
const inputs = ['index.html', 'package.json', 'package-lock.json', 'openapi.json', 'tsconfig.json', 'vite.config.ts',
  'svelte.config.js', 'src', 'public'];
const staleLockMs = 10 * 60 * 1000;

function files(path) {
  const full = join(web, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.endsWith('schema.d.ts'))
    .sort();
}

function hash(paths) {
  const sha = createHash('sha256');
  for (const file of paths.flatMap(files)) {
    sha.update(relative(web, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return sha.digest('hex');
}

function read(path) {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function run(args) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, args, { cwd: web, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`web/: 'npm ${args.join(' ')}' failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

async function acquire() {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > staleLockMs) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

await acquire();
try {
  const lockHash = hash(['package-lock.json']);
  if (read(installStamp) !== lockHash || !existsSync(join(web, 'node_modules', '.bin'))) {
    run(['ci', '--no-audit', '--no-fund', '--loglevel=error']);
    writeFileSync(installStamp, lockHash);
  }

  const inputHash = hash(inputs);
  if (read(buildStamp) !== inputHash || !existsSync(join(web, 'dist', 'index.html'))) {
    run(['run', 'build', '--silent']);
    writeFileSync(buildStamp, inputHash);
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
