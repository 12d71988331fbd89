import { codeSpans, type Document } from './documents.js';

/** A command a document tells its reader to type, split into words. */
export interface ShownCommand {
  document: string;
  line: number;
  text: string;
  words: string[];
}

const SHELL_LANGUAGES = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);
// What a reader is told to type and this project answers for; other tools (kill, redis-cli) are not ours.
const OURS = /^(npm|npx)\s/;

/** Every `npm ...` / `npx ...` command in shell blocks and in inline code of the prose. */
export function shownCommands(document: Document): ShownCommand[] {
  const found: ShownCommand[] = [];
  const add = (line: number, raw: string) => {
    for (const part of raw.split(/\s*(?:&&|;|\|\|)\s*/)) {
      const text = withoutEnvironment(part.trim());
      if (OURS.test(text)) found.push({ document: document.name, line, text, words: shellWords(text) });
    }
  };
  for (const block of document.blocks) {
    if (!SHELL_LANGUAGES.has(block.language)) continue;
    let pending = '';
    block.body.split('\n').forEach((text, offset) => {
      const line = withoutComment(text.replace(/^\s*\$\s+/, ''));
      if (line.endsWith('\\')) {
        pending += `${line.slice(0, -1)} `;
        return;
      }
      add(block.bodyLine + offset, pending + line);
      pending = '';
    });
  }
  for (const { line, text } of document.prose) for (const { code } of codeSpans(text)) add(line, code);
  return found;
}

/** `FOO=bar BAZ=1 npm run x` -> `npm run x`. */
function withoutEnvironment(text: string): string {
  return text.replace(/^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+/, '');
}

/** A `#` that starts a word begins a comment (`#` inside a word, as in a URL fragment, does not). */
function withoutComment(text: string): string {
  return text.replace(/(^|\s)#.*$/, '').trimEnd();
}

/** Splits on blanks, keeping quoted words whole and dropping the quotes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

/** What a command asks of the project: an npm script with its arguments, or a file run by vitest / tsx. */
export type CommandTarget =
  | { kind: 'script'; script: string; args: string[] }
  | { kind: 'files'; tool: 'vitest' | 'tsx'; args: string[] }
  | { kind: 'other' };

export function targetOf(words: string[]): CommandTarget {
  const [tool, verb, ...rest] = words;
  if (tool === 'npm' && (verb === 'test' || verb === 't')) return { kind: 'script', script: 'test', args: afterDashes(rest) };
  if (tool === 'npm' && (verb === 'run' || verb === 'run-script') && rest[0]) {
    return { kind: 'script', script: rest[0], args: afterDashes(rest.slice(1)) };
  }
  if (tool === 'npx' && verb === 'vitest') return { kind: 'files', tool: 'vitest', args: rest[0] === 'run' ? rest.slice(1) : rest };
  if (tool === 'npx' && verb === 'tsx') return { kind: 'files', tool: 'tsx', args: rest.slice(0, 1) };
  return { kind: 'other' };
}

const afterDashes = (words: string[]) => (words[0] === '--' ? words.slice(1) : words);

/** The flags among a script's arguments (`--seed`, `-t`), without `=value` and option brackets. */
export function flagsOf(args: string[]): string[] {
  return args.map(unbracket).filter((word) => /^-{1,2}[a-zA-Z]/.test(word)).map((word) => word.split('=')[0]!);
}

/** A leading sub-command (`up`, or the choices `up|down|status`), before any flag. */
export function subcommandsOf(args: string[]): string[] {
  const first = args[0] === undefined ? undefined : unbracket(args[0]);
  if (!first || !/^[a-z][a-z-]*(\|[a-z][a-z-]*)*$/.test(first)) return [];
  return first.split('|');
}

/** The path arguments of vitest / tsx (test-name patterns and flags skipped). */
export function pathArgsOf(args: string[]): string[] {
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '-t' || word === '--testNamePattern' || word === '--project' || word === '--reporter') i++;
    else if (!word.startsWith('-') && /[/.]/.test(word)) paths.push(word);
  }
  return paths;
}

const unbracket = (word: string) => word.replace(/^\[+|\]+$/g, '');
