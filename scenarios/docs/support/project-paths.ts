import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './documents.js';

// First segments that make a code span a project path; other slashes (`resumable-jobs/runtime`,
// `redis:7-alpine`, `job/step`) are not files of this project.
const PROJECT_FOLDERS = ['packages', 'src', 'scenarios', 'fixtures', 'scripts', 'examples', '.ci', 'reports', 'dist'];
const PROJECT_FILES = /^(package\.json|package-lock\.json|tsconfig(\.[\w-]+)?\.json|typedoc\.json|vitest\.config\.ts|README\.md|CHANGELOG\.md|LICENSE|plan\.md|agents\.md|claude\.md|\.gitignore)$/;
// Written by a run, not kept in git: a fresh clone does not have them.
const GENERATED = /^(packages\/resumable-jobs\/)?(reports|dist|api-reference)\//;

/** Whether a code span names a file or folder of this project (and so must exist). */
export function looksLikeProjectPath(span: string): boolean {
  if (/[<>…\s]|^\w+:\/\//.test(span)) return false;
  if (PROJECT_FILES.test(span)) return true;
  const first = span.split('/')[0]!;
  return span.includes('/') && PROJECT_FOLDERS.includes(first);
}

export const isGenerated = (path: string) => GENERATED.test(path);

/** Whether a project path exists; `{a,b}` must exist for every choice, a `*` pattern for at least one file. */
export function projectPathExists(path: string): boolean {
  const choices = expandBraces(path.replace(/\/$/, ''));
  return choices.every((choice) => (choice.includes('*') ? matchesSomething(choice) : existsSync(join(ROOT, choice))));
}

function expandBraces(path: string): string[] {
  const brace = /\{([^{}]*)\}/.exec(path);
  if (!brace) return [path];
  return brace[1]!.split(',').flatMap((choice) => expandBraces(path.slice(0, brace.index) + choice + path.slice(brace.index + brace[0].length)));
}

/** `src/**\/*.test.ts`: the folder before the first wildcard exists and holds a file ending like the pattern. */
function matchesSomething(pattern: string): boolean {
  const parts = pattern.split('/');
  const firstWild = parts.findIndex((part) => part.includes('*'));
  const base = join(ROOT, ...parts.slice(0, firstWild));
  if (!existsSync(base)) return false;
  const ending = parts.at(-1)!.split('*').at(-1)!;
  return (readdirSync(base, { recursive: true }) as string[]).some((file) => file.endsWith(ending));
}
