import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// `npm ci` warns (EBADENGINE) for every installed package whose `engines.node` leaves out the Node
// it runs on. Checking that our declared range lies inside each package's range catches a bump that
// drops a Node we promise, whichever Node CI itself runs.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T;

interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
}
const lock = read<{ packages: Record<string, LockPackage> }>('package-lock.json');
const declared = read<{ engines: { node: string } }>('package.json').engines.node;

describe('the Node versions package.json declares', () => {
  it('are supported by every package the lock file installs, so npm ci prints no engine warning', () => {
    const narrower = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, pkg]) => {
        const node = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
        if (node === undefined || semver.subset(declared, node)) return [];
        return [`${path.replace(/^.*node_modules\//, '')}@${pkg.version ?? '?'} needs node ${node}`];
      });
    expect(narrower).toEqual([]);
  });

  it('include the Node running this test, and are the range the README states', () => {
    expect(semver.satisfies(process.version, declared)).toBe(true);
    expect(lock.packages['']?.engines).toEqual({ node: declared });
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\`${declared}\``);
  });

  it('tells a package that drops one of them', () => {
    expect(semver.subset(declared, '>=22')).toBe(false);
    expect(semver.subset(declared, '^20.19.0 || >=22.12.0')).toBe(true);
  });
});
