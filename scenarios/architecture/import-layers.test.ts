import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The layers of the package (packages/resumable-jobs/src) and of the specification around it (src/),
 * read from the import statements themselves:
 *   runtime <- engines (continuable, iteration) <- mikro-orm <- jobs <- harness / cli, and no circles;
 *   the domain beside the engines, importing neither;
 *   the specification reaches the package only by its name and published entry points, as a user would;
 *   nothing under src/ (tests aside) imports scenario support or the examples.
 * (fixtures/ holds the seed profiles: data the seeding harness and the CLI read.)
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');
const PACKAGE = join(ROOT, 'packages', 'resumable-jobs');
const PACKAGE_SRC = join(PACKAGE, 'src');
const PACKAGE_PREFIX = 'packages/resumable-jobs/src/';
const PUBLISHED_ENTRIES = Object.keys(JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')).exports as Record<string, unknown>)
  .filter((entry) => entry !== './package.json')
  .map((entry) => `resumable-jobs/${entry.slice(2)}`);

/** Which top-level folders of src/ each folder may import (besides itself and packages). */
const ALLOWED: Record<string, readonly string[]> = {
  runtime: [],
  continuable: ['runtime'],
  iteration: ['runtime'],
  'mikro-orm': ['runtime', 'iteration'],
  domain: [],
  jobs: ['runtime', 'continuable', 'iteration', 'mikro-orm', 'domain'],
  harness: ['runtime', 'continuable', 'iteration', 'mikro-orm', 'domain', 'jobs', 'fixtures'],
  cli: ['runtime', 'continuable', 'iteration', 'mikro-orm', 'domain', 'jobs', 'harness', 'fixtures'],
};

/** The engines' public barrels: the demo jobs use the engines as an outside app would. */
const ENGINE_BARRELS = ['runtime/index.ts', 'continuable/index.ts', 'iteration/index.ts', 'mikro-orm/index.ts'];

interface ImportEdge {
  from: string;
  to: string;
}

function sourceFilesWithTests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFilesWithTests(path);
    return /\.(ts|tsx|mts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => imported.fileName);
}

/** The file a relative specifier names: `./x.js` is x.ts or x.tsx, `./x.mjs` is x.mts or x.mjs (as tsc resolves them). */
function resolveRelative(file: string, specifier: string): string {
  const written = resolve(dirname(file), specifier);
  const candidates = specifier.endsWith('.mjs')
    ? [written.replace(/\.mjs$/, '.mts'), written]
    : [written.replace(/\.js$/, '.ts'), written.replace(/\.js$/, '.tsx'), written];
  return candidates.find((candidate) => existsSync(candidate)) ?? written;
}

/** Relative imports as file -> file; an import of the package by name as file -> the entry point's index. */
function importEdges(file: string): ImportEdge[] {
  const from = relative(ROOT, file).split(sep).join('/');
  return specifiers(file).flatMap((specifier) => {
    if (specifier.startsWith('.')) {
      return [{ from, to: relative(ROOT, resolveRelative(file, specifier)).split(sep).join('/') }];
    }
    const entry = /^resumable-jobs\/([a-z-]+)$/.exec(specifier);
    return entry ? [{ from, to: `${PACKAGE_PREFIX}${entry[1]}/index.ts` }] : [];
  });
}

const files = [...sourceFiles(PACKAGE_SRC), ...sourceFiles(SRC)];
const edges = files.flatMap(importEdges);
const layerOf = (path: string) => {
  const inside = path.startsWith(PACKAGE_PREFIX) ? path.slice(PACKAGE_PREFIX.length) : path.startsWith('src/') ? path.slice(4) : path;
  return inside.split('/')[0]!;
};

describe('the import graph of the package and src/', () => {
  it('is read from every source file (a check that reads nothing would pass anything)', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(new Set(edges.map((edge) => layerOf(edge.from)))).toEqual(new Set(Object.keys(ALLOWED)));
    for (const kind of ['.ts', '.tsx', '.mjs']) expect(edges.some((edge) => edge.from.endsWith(kind)), `edges from ${kind} files`).toBe(true);
  });

  it('resolves every relative import to a file it reads (an import it cannot follow is a circle it cannot see)', () => {
    const read = new Set(files.map((file) => relative(ROOT, file).split(sep).join('/')));
    const unresolved = edges.filter((edge) => !read.has(edge.to) && !edge.to.startsWith('fixtures/'));
    expect(unresolved.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([]);
  });

  it('runs one way: no folder imports a layer above it or beside it', () => {
    const upward = edges.filter((edge) => {
      const from = layerOf(edge.from);
      const to = layerOf(edge.to);
      return from !== to && !(ALLOWED[from] ?? []).includes(to);
    });
    expect(upward.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([]);
  });

  it('has no circles: no file reaches itself through its imports (tests, scenarios and examples included)', () => {
    const everywhere = [PACKAGE_SRC, SRC, join(ROOT, 'scenarios'), join(ROOT, 'examples')].flatMap(sourceFilesWithTests).flatMap(importEdges);
    expect(importCircles(everywhere)).toEqual([]);
  });

  it('reaches the package from outside it only by name, through its published entry points', () => {
    const outside = [SRC, join(ROOT, 'scenarios'), join(ROOT, 'examples')].flatMap(sourceFilesWithTests);
    const reachingIn = outside.flatMap((file) =>
      specifiers(file)
        .filter((specifier) => (specifier.startsWith('.') && resolve(dirname(file), specifier).startsWith(PACKAGE)) || (specifier.startsWith('resumable-jobs') && !PUBLISHED_ENTRIES.includes(specifier)))
        .map((specifier) => `${relative(ROOT, file)} -> ${specifier}`),
    );
    expect(outside.length).toBeGreaterThan(300);
    expect(reachingIn).toEqual([]);
  });

  it('reaches the engines from the demo jobs only through their public barrels', () => {
    const engines = ['runtime', 'continuable', 'iteration', 'mikro-orm'];
    const deep = edges.filter(
      (edge) => layerOf(edge.from) === 'jobs' && engines.includes(layerOf(edge.to)) && !ENGINE_BARRELS.includes(edge.to.slice(PACKAGE_PREFIX.length)),
    );
    expect(deep.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([]);
  });
});

/** Groups of files that import each other, directly or round about (Tarjan's strongly connected components). */
function importCircles(all: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of all) next.set(from, [...(next.get(from) ?? []), to]);
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string) => {
    order.set(file, order.size);
    low.set(file, order.get(file)!);
    stack.push(file);
    for (const target of next.get(file) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (stack.includes(target)) {
        low.set(file, Math.min(low.get(file)!, order.get(target)!));
      }
    }
    if (low.get(file) !== order.get(file)) return;
    const group = stack.splice(stack.indexOf(file));
    if (group.length > 1) circles.push(group.sort());
  };
  for (const file of next.keys()) if (!order.has(file)) visit(file);
  return circles;
}
