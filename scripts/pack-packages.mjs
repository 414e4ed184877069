// Packs every package of packages/ as it would be published (pnpm pack rewrites workspace:*),
// for the checks that install them into a fresh app outside the workspace.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {string} destination - an existing, empty folder for the tarballs
 * @returns {Record<string, string>} package name → absolute tarball path
 */
export function packPackages(destination) {
  const tarballs = {};
  for (const dir of readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d))) {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    execFileSync('pnpm', ['pack', '--pack-destination', destination], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const prefix = name.replace('@', '').replace('/', '-');
    const tarball = readdirSync(destination).find((f) => f.startsWith(`${prefix}-`));
    if (!tarball) throw new Error(`pnpm pack made no tarball for ${name}`);
    tarballs[name] = join(destination, tarball);
  }
  return tarballs;
}
