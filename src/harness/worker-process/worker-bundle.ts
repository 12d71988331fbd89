import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/**
 * Worker processes start from a bundle of their TypeScript sources, built by esbuild at the first
 * spawn of each worker module in this process, rather than through tsx: tsx resolves and loads some
 * 150 modules through its loader at every start, which costs a worker about twice the CPU time of the
 * bundle, and on 2 cores the SIGTERM, crash and soak scenarios spend much of their time starting
 * workers. Built from the sources each run, so never stale; packages stay external (node_modules).
 */
export interface WorkerBundle {
  /** The bundled worker-process entry point, to fork. */
  entry: string;
  /** The bundled worker module, to pass as `config.module`. */
  module: string;
}

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const packageSources = fileURLToPath(new URL('../../../packages/resumable-jobs/src/', import.meta.url));
// Inside the project, so the bundles' bare imports resolve from its node_modules; one folder per process.
const bundlesRoot = `${projectRoot}node_modules/.cache/worker-bundles`;
const bundlesDir = `${bundlesRoot}/${process.pid}`;
const built = new Map<string, Promise<WorkerBundle>>();
let cleanupRegistered = false;

/** The bundle of `entry` with `module` (built once per process and module). */
export function workerBundle(entry: string, module: string): Promise<WorkerBundle> {
  let bundle = built.get(module);
  if (!bundle) {
    bundle = buildWorkerBundle(entry, module);
    built.set(module, bundle);
    // A failed build is not cached: the next spawn tries again and reports its own error.
    bundle.catch(() => built.delete(module));
  }
  return bundle;
}

async function buildWorkerBundle(entry: string, module: string): Promise<WorkerBundle> {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', () => rmSync(bundlesDir, { recursive: true, force: true }));
    removeBundlesOfEndedProcesses();
  }
  const outdir = `${bundlesDir}/${createHash('sha1').update(module).digest('hex').slice(0, 12)}`;
  await build({
    entryPoints: { 'worker-main': entry, 'worker-module': module },
    outdir,
    bundle: true,
    // One copy of every module both entry points import: the runtime's registries are shared.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    plugins: [sourcesBundledPackagesExternal],
    logLevel: 'error',
  });
  return { entry: `${outdir}/worker-main.mjs`, module: `${outdir}/worker-module.mjs` };
}

/** A test process killed by a signal never ran its 'exit' handler: its folder goes when the next one builds. */
function removeBundlesOfEndedProcesses(): void {
  let folders: string[];
  try {
    folders = readdirSync(bundlesRoot);
  } catch {
    return; // none yet
  }
  for (const folder of folders) {
    if (/^\d+$/.test(folder) && !isRunning(Number(folder))) rmSync(`${bundlesRoot}/${folder}`, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The package's entry points (`resumable-jobs/runtime`, ...) from its sources; every other package external. */
const sourcesBundledPackagesExternal: Plugin = {
  name: 'sources-bundled-packages-external',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^resumable-jobs\/[a-z-]+$/ }, (args) => ({ path: `${packageSources}${args.path.slice('resumable-jobs/'.length)}/index.ts` }));
    esbuild.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('/') ? undefined : { path: args.path, external: true }));
  },
};
