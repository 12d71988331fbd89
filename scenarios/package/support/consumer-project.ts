/**
 * The package as a consumer gets it: packed with `npm pack` (which builds it through `prepare`),
 * then installed into a scratch project outside the source tree next to the application's own
 * bullmq and ioredis. The install is offline: the scratch project's lockfile pins every package
 * to the exact copy this repository's own install resolved (same version, same integrity), so
 * `npm ci --offline` takes each one from npm's cache, as the repository's install left it.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGE_DIR = join(ROOT, 'packages/resumable-jobs');
const CONSUMER_SOURCES = fileURLToPath(new URL('../consumer/', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

export interface PackedTarball {
  path: string;
  /** Every file in the tarball, relative to its package folder. */
  files: string[];
  integrity: string;
  version: string;
}

let packed: Promise<PackedTarball> | undefined;

/** `npm pack` of packages/resumable-jobs, once per test run (the build is the slow part). */
export function packPackage(): Promise<PackedTarball> {
  packed ??= (async () => {
    const destination = await mkdtemp(join(tmpdir(), 'resumable-jobs-pack-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: PACKAGE_DIR, maxBuffer: 16 * 1024 * 1024 });
    // `prepare` prints the build's output before npm's JSON.
    const [info] = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as { filename: string; integrity: string; version: string; files: { path: string }[] }[];
    return { path: join(destination, info!.filename), files: info!.files.map((file) => file.path), integrity: info!.integrity, version: info!.version };
  })();
  return packed;
}

/** Removes the packed tarball's folder (the next `packPackage` packs again). */
export async function discardPackedTarball(): Promise<void> {
  const previous = packed;
  packed = undefined;
  const tarball = await previous?.catch(() => undefined);
  if (tarball) await rm(dirname(tarball.path), { recursive: true, force: true });
}

export interface ConsumerProject {
  dir: string;
  /** The folders under node_modules that hold a copy of `name`, nested ones included. */
  copiesOf(name: string): Promise<string[]>;
  /** `tsc -p <config>` in the project; resolves to its diagnostics (empty: it type-checks). */
  typeCheck(config: 'tsconfig.nodenext.json' | 'tsconfig.bundler.json'): Promise<string>;
  /** Packages under node_modules, and their size on disk in bytes. */
  footprint(): Promise<{ packages: number; bytes: number }>;
  remove(): Promise<void>;
}

type LockEntry = Record<string, unknown> & { version: string; dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }>; optionalDependencies?: Record<string, string> };

/**
 * A scratch project in the OS temp folder with the application's own `appDependencies` (taken
 * from this repository's install) and the tarball; the consumer's job and worker sources copied in.
 */
export async function installConsumerProject(tarball: PackedTarball, appDependencies: string[]): Promise<ConsumerProject> {
  const dir = await mkdtemp(join(tmpdir(), 'resumable-jobs-consumer-'));
  try {
    return await install(dir, tarball, appDependencies);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function install(dir: string, tarball: PackedTarball, appDependencies: string[]): Promise<ConsumerProject> {
  const repoLock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packageJson = JSON.parse((await run('tar', ['-xOzf', tarball.path, 'package/package.json'])).stdout) as LockEntry;

  const root: Record<string, string> = { 'resumable-jobs': `file:${tarball.path}` };
  const entries: Record<string, unknown> = {};
  // Each package goes where the repository's install put it (the workspace package's own
  // node_modules becomes the installed package's), so the layout is one npm itself resolved.
  const place = (repoPath: string) => {
    const target = repoPath.replace(/^packages\/resumable-jobs\//, 'node_modules/resumable-jobs/');
    if (entries[target]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = repoLock.packages[repoPath]!;
    entries[target] = entry;
    placeDependenciesOf(entry, repoPath);
  };
  const placeDependenciesOf = (entry: LockEntry, repoPath: string) => {
    const required = { ...entry.dependencies, ...entry.optionalDependencies, ...nonOptionalPeers(entry) };
    for (const name of Object.keys(required)) {
      const found = lookupPrefixes(repoPath).map((prefix) => `${prefix}node_modules/${name}`).find((path) => repoLock.packages[path]);
      if (found) place(found);
      else if (!entry.optionalDependencies?.[name]) throw new Error(`no installed copy of ${name} (needed by ${repoPath || 'the app'}): run npm ci first`);
    }
  };
  for (const name of appDependencies) {
    root[name] = repoLock.packages[`node_modules/${name}`]!.version;
    place(`node_modules/${name}`);
  }
  const { scripts: _scripts, devDependencies: _devDependencies, exports: _exports, files: _files, ...installed } = packageJson;
  entries['node_modules/resumable-jobs'] = { ...installed, resolved: `file:${tarball.path}`, integrity: tarball.integrity };
  placeDependenciesOf(packageJson, 'packages/resumable-jobs');

  const manifest = { name: 'consumer', private: true, type: 'module', dependencies: root };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(
    join(dir, 'package-lock.json'),
    JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages: { '': manifest, ...entries } }, null, 2),
  );
  await run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir });
  await cp(CONSUMER_SOURCES, join(dir, 'src'), { recursive: true });
  await writeTsconfigs(dir);

  return {
    dir,
    copiesOf: (name) => copiesOf(join(dir, 'node_modules'), name),
    async typeCheck(config) {
      try {
        await run(process.execPath, [TSC, '-p', config], { cwd: dir });
        return '';
      } catch (error) {
        return String((error as { stdout?: string }).stdout || (error as Error).message);
      }
    },
    footprint: () => footprint(join(dir, 'node_modules')),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

function nonOptionalPeers(entry: LockEntry): Record<string, string> {
  const peers = entry.peerDependencies ?? {};
  return Object.fromEntries(Object.entries(peers).filter(([name]) => !entry.peerDependenciesMeta?.[name]?.optional));
}

/** Where Node looks for a dependency of the package at `path`: its own node_modules, then each parent's. */
function lookupPrefixes(path: string): string[] {
  const prefixes = [`${path}/`];
  for (let rest = path, cut = rest.lastIndexOf('/node_modules/'); cut >= 0; cut = rest.lastIndexOf('/node_modules/')) {
    rest = rest.slice(0, cut);
    prefixes.push(`${rest}/`);
  }
  return [...prefixes, ''];
}

/** nodenext emits the plain-node program into dist/; bundler only type-checks. */
async function writeTsconfigs(dir: string): Promise<void> {
  // skipLibCheck as most applications set it: the package's own build checks its declarations.
  const common = { strict: true, target: 'es2022', skipLibCheck: true, types: ['node'], rootDir: 'src' };
  await writeFile(join(dir, 'tsconfig.nodenext.json'), JSON.stringify({ compilerOptions: { ...common, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'dist' }, include: ['src'] }));
  await writeFile(join(dir, 'tsconfig.bundler.json'), JSON.stringify({ compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, include: ['src'] }));
}

async function copiesOf(nodeModules: string, name: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      const path = join(folder, entry.name);
      if (entry.name.startsWith('@')) {
        await walk(path);
        continue;
      }
      const scoped = folder.endsWith(`/${name.split('/')[0]}`) && name.includes('/');
      if ((scoped ? `${name.split('/')[0]}/${entry.name}` : entry.name) === name) found.push(path);
      await walk(join(path, 'node_modules'));
    }
  };
  await walk(nodeModules);
  return found;
}

async function footprint(nodeModules: string): Promise<{ packages: number; bytes: number }> {
  let packages = 0;
  let bytes = 0;
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules') {
          for (const child of await readdir(path, { withFileTypes: true })) {
            if (!child.isDirectory() || child.name.startsWith('.')) continue;
            packages += child.name.startsWith('@') ? (await readdir(join(path, child.name))).length : 1;
          }
        }
        await walk(path);
      } else if (entry.isFile()) bytes += (await stat(path)).size;
    }
  };
  await walk(join(nodeModules, '..'));
  return { packages, bytes };
}
