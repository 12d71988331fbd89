import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkQuotedFigures, readReferenceRun } from './support/check-bench-figures.js';
import { checkCommands } from './support/check-commands.js';
import { checkNamesExist } from './support/check-names.js';
import { checkCodeReferences, checkLinksAndPaths } from './support/check-references.js';
import { checkTypeScriptBlocks } from './support/check-typescript.js';
import { describeProblem, parseDocument, readDocuments, ROOT, type Document, type Problem } from './support/documents.js';

/**
 * README.md, plan.md, agents.md and claude.md tell a reader what to type and where to look, and the
 * package's README and CHANGELOG tell an adopter how to use it. Each promise below is checked against
 * the project as it is, so a renamed script, a moved symbol or a changed API turns this file red with
 * the document, the line and what is wrong.
 */
describe('the four documents and the package README and CHANGELOG stay true to the code', () => {
  let documents: Document[];
  let commandProblems: Promise<Problem[]>;
  let exampleProblems: Promise<Problem[]>;
  beforeAll(async () => {
    documents = await readDocuments();
    // The scripts' --help runs in child processes while the examples compile here: both at once.
    commandProblems = checkCommands(documents);
    exampleProblems = checkTypeScriptBlocks(documents);
    await Promise.allSettled([commandProblems, exampleProblems]);
  });

  const expectNone = (problems: Problem[]) => expect(problems.map(describeProblem)).toEqual([]);

  it('every command shown names an npm script that exists, with flags its --help knows, on paths that exist', async () => {
    expectNone(await commandProblems);
  });

  it('every ts example compiles against the public entry points, or is its source file verbatim', async () => {
    expectNone(await exampleProblems);
  });

  it('every `symbol` (`path:line`) reference lands on a line holding that symbol', () => {
    expectNone(checkCodeReferences(documents));
  });

  it('every relative link, anchor and project path named exists', () => {
    expectNone(checkLinksAndPaths(documents));
  });

  it('every code name in the text (`startWorker`, `CheckpointStore`) exists in the code or its libraries', () => {
    expectNone(checkNamesExist(documents));
  });

  it('every benchmark figure quoted is the committed reference run\'s (reports/bench-reference.json), dated', async () => {
    expectNone(checkQuotedFigures(documents, await readReferenceRun()));
  });
});

describe('a benchmark figure quoted from an older run is caught', () => {
  it('names the line, the figure and what the reference run says', async () => {
    const run = await readReferenceRun();
    const stale = parseDocument('stale.md', ['# Stale', `Measured on ${run.generatedAt.slice(0, 10)} ${run.generatedAt.slice(11, 16)} UTC.`, '- **Per item**: 1.2 µs and 9.99 µs.', ''].join('\n'));
    const problems = checkQuotedFigures([stale], run, [
      { document: 'stale.md', line: '- **Per item**', values: [{ section: 2, label: 'iteration, default (5 s flush): over the floor', render: (v) => `${v.median.toFixed(2)} µs` }] },
    ]).map(describeProblem);
    expect(problems).toEqual([expect.stringMatching(/^stale\.md:3: quotes "iteration, default \(5 s flush\): over the floor" \(section 2\) but the reference run says [\d.]+ µs$/)]);
  });
});

describe('a document written to drift is caught, line by line', () => {
  const drifted = parseDocument(
    'drifted.md',
    [
      '# Drifted',
      'Run `npm run no-such-script -- --fast` first.', // 2
      'Then `npx vitest run scenarios/no-such-story.test.ts`.', // 3
      'The runtime: `Runtime` (`packages/resumable-jobs/src/runtime/runtime.ts:1`).', // 4
      'Its worker: `packages/resumable-jobs/src/runtime/no-such-file.ts`; see [the guide](agents.md#no-such-heading).', // 5
      '```ts file=packages/resumable-jobs/src/runtime/index.ts', // 6
      readFileSync(join(ROOT, 'packages/resumable-jobs/src/runtime/index.ts'), 'utf8').split('\n')[0]!, // the file's own first line
      "export { somethingElse } from './nowhere.js';",
      '```',
      '```ts', // 10
      "const total: number = 'twelve';", // 11
      '```',
      'Then call `runtime.resumeEverything()` and wait for `iteration.finished`.', // 13
      '',
    ].join('\n'),
  );

  it('names the missing script, the missing story, the moved symbol, the missing file and anchor, the drifted and the broken block, the renamed method', async () => {
    const problems = [
      ...(await checkCommands([drifted])),
      ...(await checkTypeScriptBlocks([drifted])),
      ...checkCodeReferences([drifted]),
      ...checkLinksAndPaths([drifted]),
      ...checkNamesExist([drifted]),
    ].map(describeProblem);
    expect(problems).toEqual([
      expect.stringMatching(/^drifted\.md:2: `npm run no-such-script -- --fast`: package\.json has no script "no-such-script"/),
      'drifted.md:3: `npx vitest run scenarios/no-such-story.test.ts`: scenarios/no-such-story.test.ts does not exist',
      expect.stringMatching(/^drifted\.md:6: the block differs from packages\/resumable-jobs\/src\/runtime\/index\.ts \(first difference at block line 2\)/),
      expect.stringMatching(/^drifted\.md:11: ts example does not compile \(TS2322\): Type 'string' is not assignable to type 'number'/),
      expect.stringMatching(/^drifted\.md:4: `packages\/resumable-jobs\/src\/runtime\/runtime\.ts:1`: line 1 of packages\/resumable-jobs\/src\/runtime\/runtime\.ts does not contain `Runtime`; `Runtime` is at line \d+$/),
      'drifted.md:5: link to agents.md#no-such-heading: agents.md has no heading with anchor #no-such-heading',
      'drifted.md:5: `packages/resumable-jobs/src/runtime/no-such-file.ts` names a path that does not exist',
      'drifted.md:13: `runtime.resumeEverything()`: no `resumeEverything` in the code or its libraries',
      'drifted.md:13: `iteration.finished`: no engine emits an event of that name',
    ]);
  });
  it("reads a package document's paths from its own folder, and compiles its examples against the entry points", async () => {
    const packageReadme = parseDocument(
      'packages/resumable-jobs/drifted.md',
      [
        '# Drifted package README',
        'See [the changelog](CHANGELOG.md), `src/runtime/runtime.ts` and [the guide](../../agents.md).', // 2: all there
        'Not `src/runtime/no-such-file.ts`, nor [this](NOPE.md), nor `scenarios/smoke.test.ts` (a root path).', // 3
        '```ts',
        "import { NoSuchExport } from 'resumable-jobs/runtime';", // 5
        'console.log(NoSuchExport);',
        '```',
        '',
      ].join('\n'),
    );
    const problems = [...(await checkTypeScriptBlocks([packageReadme])), ...checkLinksAndPaths([packageReadme])].map(describeProblem);
    expect(problems).toEqual([
      expect.stringMatching(/^packages\/resumable-jobs\/drifted\.md:5: ts example does not compile \(TS2305\): Module '"resumable-jobs\/runtime"' has no exported member 'NoSuchExport'/),
      'packages/resumable-jobs/drifted.md:3: link to NOPE.md does not lead to a file of the project',
      'packages/resumable-jobs/drifted.md:3: `src/runtime/no-such-file.ts` names a path that does not exist',
      'packages/resumable-jobs/drifted.md:3: `scenarios/smoke.test.ts` names a path that does not exist',
    ]);
  });
});
