import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * An application that imports the core entry points (resumable-jobs/runtime, /continuable,
 * /iteration) loads no ORM: MikroORM is an optional peer, loaded only through resumable-jobs/mikro-orm.
 * Read from what runs, not from what is written: each source file is compiled as the build compiles
 * it (type-only imports and imports used only as types vanish), and the value imports that remain
 * are followed from each entry point to every package the entry point loads.
 */
const PACKAGE = fileURLToPath(new URL('../../packages/resumable-jobs/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const optionalPeers = Object.keys(manifest.peerDependenciesMeta).filter((name) => manifest.peerDependenciesMeta[name]!.optional);
const requiredPackages = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies).filter((name) => !optionalPeers.includes(name))];
const CORE_ENTRIES = ['runtime', 'continuable', 'iteration'];

const compiledImports = new Map<string, string[]>();

/** The specifiers a file still imports at run time (after the build drops what is only types). */
function valueImports(file: string): string[] {
  const known = compiledImports.get(file);
  if (known) return known;
  const compiled = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: file,
  }).outputText;
  const specifiers = ts.preProcessFile(compiled, true, true).importedFiles.map((imported) => imported.fileName);
  compiledImports.set(file, specifiers);
  return specifiers;
}

/** The package's files an entry point loads and the outside packages they load, by name. */
function loadedFrom(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [join(PACKAGE, 'src', entry, 'index.ts')];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of valueImports(file)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
        expect(existsSync(target), `${relative(PACKAGE, file)} imports ${specifier}`).toBe(true);
        pending.push(target);
      } else {
        packages.add(packageName(specifier));
      }
    }
  }
  return { files: [...files].map((file) => relative(PACKAGE, file)), packages };
}

function packageName(specifier: string): string {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return 'node:';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

describe('the core entry points, as an application without an ORM imports them', () => {
  it.each(CORE_ENTRIES)('resumable-jobs/%s loads no ORM, only the dependencies and required peers', (entry) => {
    const { files, packages } = loadedFrom(entry);
    expect(files.length).toBeGreaterThan(5);
    const outside = [...packages].filter((name) => name !== 'node:');
    expect(outside.filter((name) => name.startsWith('@mikro-orm/') || ['knex', 'pg'].includes(name))).toEqual([]);
    expect(outside.filter((name) => !requiredPackages.includes(name))).toEqual([]);
  });

  it('resumable-jobs/mikro-orm does load MikroORM, which is an optional peer (the walk sees value imports)', () => {
    const { packages } = loadedFrom('mikro-orm');
    expect(packages).toContain('@mikro-orm/core');
    expect(optionalPeers).toEqual(expect.arrayContaining(['@mikro-orm/core', '@mikro-orm/knex']));
  });
});
