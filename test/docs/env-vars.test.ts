import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../server/config';

// An operator learns what can be set from the README's table alone: a variable the code reads
// without a line there (TRUST_PROXY once) is a setting nobody knows to change.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Where the product's own code reads the environment: the server, the `cti` CLI (through its
// io.env), the start script, the PM2 file and the web app's dev server.
const SOURCES = ['server', 'cli', 'scripts', 'deploy', 'web/vite.config.ts'];
// Read only by tests and benchmarks, never by the product.
const TEST_ONLY = new Set(['TEST_DATABASE_URL']);

function sourceFiles(entry: string): string[] {
  if (/\.[cm]?[jt]sx?$/.test(entry)) return [entry];
  return readdirSync(join(ROOT, entry), { recursive: true, encoding: 'utf8' })
    .map((name) => join(entry, name).split(sep).join('/'))
    .filter((file) => /\.[cm]?[jt]sx?$/.test(file) && !/\.test\.tsx?$/.test(file));
}

/** `process.env.X`, `io.env.X`, `env.X`, `env?.X` and `env['X']` in one source text. */
function variablesRead(source: string): string[] {
  return [...source.matchAll(/\benv(?:\?\.|\.)([A-Z][A-Z0-9_]*)\b|\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g)].map((m) => (m[1] ?? m[2])!);
}

/** The names in the first column of the README's `## Configuration` table. */
function documentedVariables(readme: string): Set<string> {
  const section = /^## Configuration\s*$([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const names = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
  return new Set(names);
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const read = new Map<string, string>();
for (const file of SOURCES.flatMap(sourceFiles)) {
  for (const name of variablesRead(readFileSync(join(ROOT, file), 'utf8'))) {
    if (!TEST_ONLY.has(name) && !read.has(name)) read.set(name, file);
  }
}
for (const name of ENV_VARIABLES) read.set(name, 'server/config.ts');

describe("README.md's configuration table", () => {
  it('lists every variable the configuration schema and the code read', () => {
    const documented = documentedVariables(readme);
    const missing = [...read].filter(([name]) => !documented.has(name)).map(([name, file]) => `${name} (read in ${file})`);
    expect(missing).toEqual([]);
  });

  it('lists no variable that nothing reads', () => {
    expect([...documentedVariables(readme)].filter((name) => !read.has(name))).toEqual([]);
  });

  it('finds the reads and the table it checks', () => {
    expect(ENV_VARIABLES).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'TRUST_PROXY']));
    expect(read.get('DIALPAD_API_KEY')).toBe('server/config.ts');
    expect(variablesRead("const a = process.env.CTI_DEV_API; io.env.DIALPAD_API_KEY?.trim(); env?.X_Y; env['Z']")).toEqual([
      'CTI_DEV_API',
      'DIALPAD_API_KEY',
      'X_Y',
      'Z',
    ]);
    expect(documentedVariables('## Configuration\n\n| variable |\n|---|\n| `A`, `B_C` | `D` |\n\n## Next\n| `E` |')).toEqual(
      new Set(['A', 'B_C']),
    );
  });
});
