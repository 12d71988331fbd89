import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeSpans, DOCUMENT_NAMES, fromDocument, ROOT, type Document, type Problem } from './documents.js';
import { isGenerated, looksLikeProjectPath, projectPathExists } from './project-paths.js';

const REFERENCE = /^([\w./-]+\.[a-z]+):(\d+)$/;
// Between the symbol and its reference: `symbol` (`path:line`), `symbol` at `path:line`, or a table cell.
const JOINER = /^\s*(\(|at|in|,|:|\|)?\s*$/;

/**
 * Code references are written `` `symbol` (`path:line`) ``: the line must exist and contain the
 * symbol (`Runtime.startWorker`, `startWorker()` and `startWorker` all name `startWorker`).
 */
export function checkCodeReferences(documents: Document[]): Problem[] {
  const problems: Problem[] = [];
  for (const document of documents) {
    for (const { line, text } of document.prose) {
      const spans = codeSpans(text);
      spans.forEach(({ code, before }, index) => {
        const reference = REFERENCE.exec(code);
        if (!reference) return;
        const problem = (message: string) => problems.push({ document: document.name, line, message: `\`${code}\`: ${message}` });
        const [, written, lineText] = reference as unknown as [string, string, string];
        const path = fromDocument(document.name, written);
        const previous = spans[index - 1];
        if (!previous || !JOINER.test(before)) {
          problem('a code reference needs its symbol just before it, as `symbol` (`path:line`)');
          return;
        }
        const symbol = symbolName(previous.code);
        if (!existsSync(join(ROOT, path))) {
          problem(`${path} does not exist`);
          return;
        }
        const lines = readFileSync(join(ROOT, path), 'utf8').split('\n');
        const number = Number(lineText);
        const pattern = new RegExp(`(^|[^\\w$])${symbol.replace(/\$/g, '\\$')}(?![\\w$])`);
        if (number >= 1 && number <= lines.length && pattern.test(lines[number - 1]!)) return;
        const found = definitionLine(lines, symbol) ?? lines.findIndex((candidate) => pattern.test(candidate)) + 1;
        problem(
          `line ${number} of ${path} ${number > lines.length ? `does not exist (the file has ${lines.length} lines)` : `does not contain \`${symbol}\``}` +
            (found > 0 ? `; \`${symbol}\` is at line ${found}` : `; \`${symbol}\` is not in the file`),
        );
      });
    }
  }
  return problems;
}

/** `Runtime.startWorker()` -> `startWorker`; `ContinuableJob<A>` -> `ContinuableJob`. */
function symbolName(code: string): string {
  return code.replace(/<.*$/, '').replace(/\(.*$/, '').split(/\.|#/).at(-1)!.trim();
}

function definitionLine(lines: string[], symbol: string): number | undefined {
  const definition = new RegExp(`\\b(class|function|interface|type|const|let|enum)\\s+${symbol}\\b|^\\s*(async\\s+|static\\s+|readonly\\s+|private\\s+|protected\\s+|get\\s+)*${symbol}\\s*[(<:=]`);
  const index = lines.findIndex((line) => definition.test(line));
  return index === -1 ? undefined : index + 1;
}

/** Every relative link (and its `#anchor`) and every project path in code spans exists. */
export function checkLinksAndPaths(documents: Document[]): Problem[] {
  const problems: Problem[] = [];
  const anchorsOf = new Map(documents.map((document) => [document.name, document.anchors]));
  for (const document of documents) {
    for (const { line, text } of document.prose) {
      const problem = (message: string) => problems.push({ document: document.name, line, message });
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const file = path === '' ? document.name : fromDocument(document.name, path);
        if (path !== '' && !projectPathExists(file)) problem(`link to ${target} does not lead to a file of the project`);
        else if (anchor !== undefined && (DOCUMENT_NAMES as readonly string[]).includes(file)) {
          if (!anchorsOf.get(file)?.has(anchor)) problem(`link to ${target}: ${file} has no heading with anchor #${anchor}`);
        }
      }
      for (const { code } of codeSpans(text)) {
        const path = code.replace(/:\d+$/, '');
        if (REFERENCE.test(code) || !looksLikeProjectPath(path) || isGenerated(path)) continue;
        if (!projectPathExists(fromDocument(document.name, path))) problem(`\`${code}\` names a path that does not exist`);
      }
    }
  }
  return problems;
}

