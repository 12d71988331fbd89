import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface BuildProblems {
  /** Diagnostics of building the library alone with declarations (tsconfig.build.json). */
  library: string[];
  /** Diagnostics of the examples type-checked against the emitted declarations. */
  examples: string[];
}

/**
 * What `npm run build` checks, in process and into a temporary folder: the library compiles on its
 * own with declarations; then the examples are type-checked with `resumable-jobs/<entry>` mapped to
 * those declarations, so a name the examples use but the public barrels do not export is an error.
 */
export async function typeCheckExamplesAgainstBuiltEntryPoints(): Promise<BuildProblems> {
  // Inside the project, so the declarations' own imports (bullmq, ioredis) resolve as in an install.
  const cache = join(ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const outDir = await mkdtemp(join(cache, 'resumable-jobs-build-'));
  try {
    const build = parseConfig('packages/resumable-jobs/tsconfig.build.json', { outDir, emitDeclarationOnly: true, declarationMap: false, sourceMap: false });
    const host = sharingSourceFiles(ts.createCompilerHost(build.options));
    const library = ts.createProgram(build.fileNames, build.options, host);
    const emitted = library.emit();
    const libraryProblems = describe([...ts.getPreEmitDiagnostics(library), ...emitted.diagnostics]);

    const check = parseConfig('tsconfig.json', {
      noEmit: true,
      paths: { 'resumable-jobs/*': [join(outDir, '*', 'index.d.ts')] },
    });
    const exampleFiles = check.fileNames.filter((file) => file.startsWith(join(ROOT, 'examples')));
    const examples = ts.createProgram(exampleFiles, check.options, host);
    return { library: libraryProblems, examples: describe(ts.getPreEmitDiagnostics(examples)) };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Both programs read the same lib and package declarations: parse each file once. */
function sharingSourceFiles(host: ts.CompilerHost): ts.CompilerHost {
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const key = `${String(typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion)}:${fileName}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(fileName, languageVersion, ...rest));
    return parsed.get(key);
  };
  return host;
}

function parseConfig(file: string, overrides: ts.CompilerOptions): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, file), overrides, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`could not read ${file}`);
  return parsed;
}

function describe(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName.replace(ROOT, '')}: ` : '';
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  });
}
