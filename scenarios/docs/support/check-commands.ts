import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, type Document, type Problem } from './documents.js';
import { projectPathExists } from './project-paths.js';
import { helpOfScripts } from './script-help.js';
import { flagsOf, pathArgsOf, shownCommands, subcommandsOf, targetOf, type ShownCommand } from './shell-commands.js';

// Scripts whose flags belong to another tool (vitest, tsc): only the paths they are given are checked.
const FOREIGN_FLAGS = /^(vitest|tsc)\b/;

/**
 * Every `npm run X -- ...`, `npm test`, `npx vitest run <path>` and `npx tsx <path>` shown: the script
 * exists in package.json, the files exist, and each flag or sub-command shown appears in the
 * script's own `--help` (run once per script).
 */
export async function checkCommands(documents: Document[]): Promise<Problem[]> {
  const { scripts = {} } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const problems: Problem[] = [];
  const needHelp: { command: ShownCommand; script: string; words: string[] }[] = [];
  for (const command of documents.flatMap(shownCommands)) {
    const problem = (message: string) => problems.push({ document: command.document, line: command.line, message: `\`${command.text}\`: ${message}` });
    const target = targetOf(command.words);
    if (target.kind === 'other') continue;
    if (target.kind === 'files') {
      for (const path of pathArgsOf(target.args)) if (!projectPathExists(path)) problem(`${path} does not exist`);
      continue;
    }
    const script = scripts[target.script];
    if (script === undefined) {
      problem(`package.json has no script "${target.script}" (it has: ${Object.keys(scripts).join(', ')})`);
      continue;
    }
    if (FOREIGN_FLAGS.test(script)) {
      for (const path of pathArgsOf(target.args)) if (!projectPathExists(path)) problem(`${path} does not exist`);
      continue;
    }
    // --help itself needs no mention: answering it (exit 0) is the check.
    const flags = flagsOf(target.args);
    const words = [...flags.filter((flag) => flag !== '--help' && flag !== '-h'), ...subcommandsOf(target.args)];
    if (words.length > 0 || flags.length > 0) needHelp.push({ command, script: target.script, words });
  }

  const help = await helpOfScripts(scripts, needHelp.map(({ script }) => script));
  for (const { command, script, words } of needHelp) {
    const answer = help.get(script)!;
    const problem = (message: string) => problems.push({ document: command.document, line: command.line, message: `\`${command.text}\`: ${message}` });
    if (!answer.ok) {
      problem(answer.why);
      continue;
    }
    for (const word of words) {
      if (!new RegExp(`(^|[\\s\\[|,(])${escape(word)}(?![\\w-])`, 'm').test(answer.text)) {
        problem(`"npm run ${script} -- --help" does not mention ${word}`);
      }
    }
  }
  return problems;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
