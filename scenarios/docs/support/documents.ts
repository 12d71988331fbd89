import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: every path a document names is relative to it. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The four documents a reader of the project starts from, and the two an adopter of the package reads
 * (they ship in its tarball); each is checked against the code.
 */
export const DOCUMENT_NAMES = ['README.md', 'plan.md', 'agents.md', 'claude.md', 'packages/resumable-jobs/README.md', 'packages/resumable-jobs/CHANGELOG.md'] as const;

/**
 * A path a document names, from the project root. Paths are read from the document's own folder, as
 * GitHub and npm render its links: the package's README names `src/runtime/index.ts`, not the path
 * from the root (a reader of the tarball has no root around it).
 */
export function fromDocument(document: string, path: string): string {
  return posix.normalize(posix.join(posix.dirname(document), path));
}

/** A fenced block: its language, the words after it (`fragment`, `file=...`), its body and where it starts. */
export interface CodeBlock {
  language: string;
  info: string[];
  body: string;
  /** Line number (1-based) of the body's first line. */
  bodyLine: number;
}

/** A line of running text (outside fenced blocks), with its 1-based number. */
export interface ProseLine {
  line: number;
  text: string;
}

export interface Document {
  name: string;
  blocks: CodeBlock[];
  prose: ProseLine[];
  /** GitHub's anchors of the document's headings, for `#anchor` links. */
  anchors: Set<string>;
}

/** Something a document says that the code does not back up. */
export interface Problem {
  document: string;
  line: number;
  message: string;
}

export const describeProblem = ({ document, line, message }: Problem): string => `${document}:${line}: ${message}`;

export async function readDocuments(): Promise<Document[]> {
  return Promise.all(DOCUMENT_NAMES.map(async (name) => parseDocument(name, await readFile(join(ROOT, name), 'utf8'))));
}

/** Splits markdown into fenced blocks and prose lines; an unclosed fence is reported by the caller's checks. */
export function parseDocument(name: string, text: string): Document {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  const prose: ProseLine[] = [];
  const anchors = new Set<string>();
  let open: { fence: string; language: string; info: string[]; bodyLine: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const line = index + 1;
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(text);
    if (open) {
      if (fence && fence[2]!.startsWith(open.fence) && fence[3] === '' && fence[4] === '') {
        blocks.push({ language: open.language, info: open.info, body: open.body.join('\n'), bodyLine: open.bodyLine });
        open = undefined;
      } else open.body.push(text);
      return;
    }
    if (fence) {
      open = { fence: fence[2]!, language: fence[3]!.toLowerCase(), info: fence[4]!.split(/\s+/).filter(Boolean), bodyLine: line + 1, body: [] };
      return;
    }
    prose.push({ line, text });
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (heading) anchors.add(githubAnchor(heading[1]!));
  });
  return { name, blocks, prose, anchors };
}

/** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The inline code spans of a prose line, with what stands between each and the one before it. As in
 * Markdown, a span opens with a run of backticks and closes with a run of the same length, so
 * `` `symbol` `` is one span holding backticks.
 */
export function codeSpans(text: string): { code: string; before: string }[] {
  const spans: { code: string; before: string }[] = [];
  const runs = [...text.matchAll(/`+/g)].map((match) => ({ at: match.index, length: match[0].length }));
  let last = 0;
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    if (open.at < last) continue;
    const close = runs.slice(i + 1).find((run) => run.length === open.length);
    if (!close) continue;
    const code = text.slice(open.at + open.length, close.at);
    spans.push({ code: open.length > 1 ? code.trim() : code, before: text.slice(last, open.at) });
    last = close.at + close.length;
    i = runs.indexOf(close);
  }
  return spans;
}
