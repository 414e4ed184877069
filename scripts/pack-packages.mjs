// Packs every package of packages/ as it would be published (pnpm pack rewrites workspace:*),
// for the checks that install them into a fresh app outside the workspace.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Packs them all at once (each into its own folder, so names cannot clash).
 *
 * @param {string} destination - an existing, empty folder for the tarballs
 * @returns {Promise<Record<string, string>>} package name → absolute tarball path
 */
export async function packPackages(destination) {
  const dirs = readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d));
  const packed = await Promise.all(
    dirs.map(async (dir, index) => {
      const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const into = join(destination, String(index));
      mkdirSync(into);
      await promisify(execFile)('pnpm', ['pack', '--pack-destination', into], { cwd: dir });
      const [tarball] = readdirSync(into).filter((f) => f.endsWith('.tgz'));
      if (!tarball) throw new Error(`pnpm pack made no tarball for ${name}`);
      return [name, join(into, tarball)];
    }),
  );
  return Object.fromEntries(packed);
}
