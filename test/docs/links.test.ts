import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A clone has only what is in the repository: a link to ../shared/… or to a file since moved reads
// fine here and is a dead end for everyone else.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Top-level names a clone does not have (.gitignore), so a path under them is no file of the repository.
const NOT_IN_CLONE = new Set(['.git', 'node_modules', 'data', 'dist', 'coverage', 'test-results']);
const TOP_LEVEL = new Set(readdirSync(ROOT).filter((name) => !NOT_IN_CLONE.has(name)));

const DOCS = ['README.md', ...markdownUnder('docs')];

function markdownUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(dir, name).split(sep).join('/'))
    .sort();
}

/** The text outside fenced code blocks: a shell example's paths are not links. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** Link targets: inline `[x](target)` and `![x](target)`, reference definitions, HTML src/href. */
function linkTargets(text: string): string[] {
  const body = prose(text).replace(/`[^`\n]*`/g, '');
  const inline = [...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...body.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  const html = [...body.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  return [...inline, ...references, ...html];
}

/** Inline code that names a path in the repository (`server/http/errors.ts`, `deploy/`) or outside it (`../shared/x`). */
function codePaths(text: string): string[] {
  return [...prose(text).matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1]!)
    .filter((span) => span.startsWith('../') || (/^[\w.-]+(\/[\w.@-]+)*\/?$/.test(span) && span.includes('/') && TOP_LEVEL.has(span.split('/')[0]!)));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** What is wrong with one link from `file`, or undefined when it resolves to a file (and heading) of the repository. */
function problem(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: ...: not a file
  const [path = '', anchor] = target.split('#', 2);
  const absolute = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURIComponent(path));
  const inside = relative(ROOT, absolute);
  if (inside.startsWith('..') || isAbsolute(inside) || NOT_IN_CLONE.has(inside.split(sep)[0]!)) {
    return 'points outside the repository';
  }
  if (!existsSync(absolute)) return 'no such file';
  if (anchor && absolute.endsWith('.md') && !anchors(readFileSync(absolute, 'utf8')).has(decodeURIComponent(anchor))) {
    return `no heading #${anchor}`;
  }
  return undefined;
}

describe('README.md and docs/ link only to what a clone has', () => {
  it('finds the documents, their links and the paths they name', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'docs/deploy.md', 'docs/security.md']));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(linkTargets(readme)).toContain('docs/deploy.md');
    expect(codePaths(readme)).toContain('server/http/errors.ts');
  });

  it.each(DOCS)('%s: every relative link and every path in code resolves to a file in the repository', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const broken = [
      ...linkTargets(text).map((target) => [target, problem(file, target)] as const),
      // A path in code is written from the repository's root, as the README's commands run there.
      ...codePaths(text).map((path) => [path, problem('README.md', path)] as const),
    ]
      .filter(([, why]) => why !== undefined)
      .map(([target, why]) => `${target}: ${why}`);
    expect(broken).toEqual([]);
  });

  it('tells a broken link from a good one', () => {
    expect(problem('docs/deploy.md', 'operations.md#shutdown-and-restarts')).toBeUndefined();
    expect(problem('README.md', '../shared/DESIGN.md')).toBe('points outside the repository');
    expect(problem('README.md', 'docs/nowhere.md')).toBe('no such file');
    expect(problem('README.md', 'docs/security.md#no-such-heading')).toBe('no heading #no-such-heading');
    expect(codePaths('see `../shared/dialpad.md` and `server/app.ts`, not `./data` or `/etc/cti/cti.env`')).toEqual([
      '../shared/dialpad.md',
      'server/app.ts',
    ]);
  });
});
