import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { fromDocument, ROOT, type CodeBlock, type Document, type Problem } from './documents.js';

/** Where the examples are written to be compiled (git-ignored); `npx tsc -p .tmp/docs-check` re-runs the check. */
export const COMPILE_DIR = join(ROOT, '.tmp', 'docs-check');

const TS_LANGUAGES = new Set(['ts', 'typescript']);

// The package's public entry points, as an application imports them, mapped to the sources.
const TSCONFIG = {
  extends: '../../tsconfig.json',
  compilerOptions: {
    noEmit: true,
    paths: { 'resumable-jobs/*': ['../../packages/resumable-jobs/src/*/index.ts'] },
  },
  include: ['*.ts'],
};

interface PlacedBlock {
  document: string;
  block: CodeBlock;
  file: string;
}

/** A ```ts block names its file with `file=<path>` (the whole file) or `excerpt=<path>` (lines of it). */
export function sourceOf(block: CodeBlock): { mode: 'file' | 'excerpt'; path: string } | undefined {
  for (const word of block.info) {
    const named = /^(file|excerpt)=(.+)$/.exec(word);
    if (named) return { mode: named[1] as 'file' | 'excerpt', path: named[2]! };
  }
  return undefined;
}

/**
 * Every ```ts block either is a file of the project (`file=`: equal to it; `excerpt=`: a run of its
 * lines), so it cannot drift, or is a whole program compiled with the others in one TypeScript
 * program. Blocks marked `fragment` are skipped.
 */
export async function checkTypeScriptBlocks(documents: Document[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const compiled: PlacedBlock[] = [];
  for (const document of documents) {
    for (const block of document.blocks) {
      if (!TS_LANGUAGES.has(block.language) || block.info.includes('fragment')) continue;
      const source = sourceOf(block);
      if (source) {
        const problem = await compareWithSource(block, { ...source, path: fromDocument(document.name, source.path) });
        if (problem) problems.push({ document: document.name, line: block.bodyLine - 1, message: problem });
        continue;
      }
      compiled.push({ document: document.name, block, file: join(COMPILE_DIR, `${document.name.replace(/\W/g, '-')}-line-${block.bodyLine}.ts`) });
    }
  }
  return [...problems, ...(await compile(compiled))];
}

async function compareWithSource(block: CodeBlock, source: { mode: 'file' | 'excerpt'; path: string }): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(join(ROOT, source.path), 'utf8');
  } catch {
    return `the block's ${source.mode}=${source.path} does not exist`;
  }
  const body = block.body.trimEnd();
  if (source.mode === 'file') {
    if (text.trimEnd() === body) return undefined;
    return `the block differs from ${source.path} (first difference at block line ${firstDifference(body, text.trimEnd())}); paste the file again`;
  }
  if (`\n${text}\n`.includes(`\n${body}\n`)) return undefined;
  return `the block is no longer a run of lines of ${source.path} (its line ${firstUnmatchedLine(body, text)} is not in the file); copy the excerpt again`;
}

function firstDifference(block: string, file: string): number {
  const a = block.split('\n');
  const b = file.split('\n');
  const index = a.findIndex((line, i) => line !== b[i]);
  return (index === -1 ? a.length : index) + 1;
}

function firstUnmatchedLine(block: string, file: string): number {
  const lines = new Set(file.split('\n'));
  return block.split('\n').findIndex((line) => !lines.has(line)) + 1;
}

async function compile(blocks: PlacedBlock[]): Promise<Problem[]> {
  await rm(COMPILE_DIR, { recursive: true, force: true });
  if (blocks.length === 0) return [];
  await mkdir(COMPILE_DIR, { recursive: true });
  await writeFile(join(COMPILE_DIR, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  // `export {}` after the body: each block is a module of its own, and the line numbers stay the block's.
  await Promise.all(blocks.map(({ block, file }) => writeFile(file, `${block.body}\nexport {};\n`)));

  const config = ts.getParsedCommandLineOfConfigFile(join(COMPILE_DIR, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`could not read ${relative(ROOT, COMPILE_DIR)}/tsconfig.json`);
  const program = ts.createProgram(config.fileNames, config.options, sharedHost(config.options));
  const problems: Problem[] = [];
  for (const { document, block, file } of blocks) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    for (const diagnostic of diagnostics) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      problems.push({
        document,
        line: block.bodyLine + line,
        message: `ts example does not compile (TS${diagnostic.code}): ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')} [mark it \`ts fragment\` if it is not meant to be whole]`,
      });
    }
  }
  return problems;
}

// Declarations (lib, @types/node, bullmq, MikroORM) are most of a program's cost: parse them once
// per test process, whichever check compiles first. The examples themselves are always read afresh.
const parsed = new Map<string, ts.SourceFile | undefined>();
function sharedHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (fileName.startsWith(COMPILE_DIR)) return read(fileName, languageVersion, ...rest);
    const key = `${JSON.stringify(languageVersion)}:${fileName}`;
    if (!parsed.has(key)) parsed.set(key, read(fileName, languageVersion, ...rest));
    return parsed.get(key);
  };
  return host;
}
