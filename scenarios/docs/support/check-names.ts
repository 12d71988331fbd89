import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeSpans, ROOT, type Document, type Problem } from './documents.js';

// Where a name the documents use may be defined: this project's code, and the libraries it builds on.
const PROJECT_FOLDERS = ['packages', 'src', 'scenarios', 'examples', 'fixtures'];
const LIBRARY_DECLARATIONS = ['node_modules/bullmq/dist/esm', 'node_modules/ioredis/built'];
// Names of the Ruby originals, quoted to compare with: they exist there, not here.
const NAMES_OF_THE_ORIGINALS = new Set(['IterableJob', 'ActiveJob', 'JobIteration', 'ActiveRecord']);

// A code identifier, not a word: camelCase or PascalCase with an inner capital (`startWorker`,
// `CheckpointStore`), optionally called (`check()`) or reached through an object (`runtime.flags.set`).
const IDENTIFIER = /^(?:[A-Za-z_$][\w$]*\.)*([a-z]+[A-Z][\w$]*|[A-Z][a-z0-9]+[A-Z][\w$]*)(?:\(\))?$/;

// A lifecycle event name (`continuable.interrupt`, `iteration.flushed`): an engine must emit it.
const EVENT_NAME = /^(continuable|iteration)\.[a-z]+(-[a-z]+)*$/;

let corpus: string | undefined;
function definitions(): string {
  corpus ??= [
    ...PROJECT_FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder), /\.(ts|mjs)$/)),
    ...LIBRARY_DECLARATIONS.flatMap((folder) => sourceFiles(join(ROOT, folder), /\.d\.ts$/)),
  ]
    // The docs check itself quotes names to show what it catches; the walkthrough examples count.
    .filter((file) => !file.startsWith(join(ROOT, 'scenarios', 'docs')) || file.startsWith(join(ROOT, 'scenarios', 'docs', 'examples')))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return corpus;
}

function sourceFiles(folder: string, pattern: RegExp): string[] {
  try {
    return (readdirSync(folder, { recursive: true }) as string[]).filter((file) => pattern.test(file)).map((file) => join(folder, file));
  } catch {
    return [];
  }
}

/** Every code identifier and event name in running text exists in the project or the libraries it uses. */
export function checkNamesExist(documents: Document[]): Problem[] {
  const problems: Problem[] = [];
  const known = new Map<string, boolean>();
  for (const document of documents) {
    for (const { line, text } of document.prose) {
      for (const { code } of codeSpans(text)) {
        if (EVENT_NAME.test(code)) {
          if (!definitions().includes(`'${code}'`)) problems.push({ document: document.name, line, message: `\`${code}\`: no engine emits an event of that name` });
          continue;
        }
        const name = IDENTIFIER.exec(code)?.[1];
        if (!name || NAMES_OF_THE_ORIGINALS.has(name)) continue;
        if (!known.has(name)) known.set(name, new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(definitions()));
        if (!known.get(name)) problems.push({ document: document.name, line, message: `\`${code}\`: no \`${name}\` in the code or its libraries` });
      }
    }
  }
  return problems;
}
