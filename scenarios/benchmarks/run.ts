// `npm run bench`: sections 1-12 of the benchmark specification on a stack of its own (REDIS_URL +
// DATABASE_URL, Docker, or local servers), printed as it goes and written to reports/bench.json and
// reports/bench.md. Released at the end, on error and on Ctrl-C. About 20 minutes on 2 cores (section 12
// waits out the default crash-recovery lock).
//   npm run bench                  the full run
//   npm run bench -- --only 1,2    some sections only (numbers 1-12)
//   npm run bench -- --deploy 16x50  section 9 on a bigger machine: worker processes x active jobs each
//   npm run bench -- --reference   also writes reports/bench-reference.json and .md, the run the documents quote
//   npm run bench -- --smoke       tiny sizes: proves every section works, in seconds
import { BenchUsageError } from './errors.js';

/** The section numbers `--only` takes (the sections themselves load only for a run, so --help answers at once). */
const SECTION_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

const USAGE = `usage: npm run bench [-- --smoke] [-- --only 1,2,8] [-- --deploy 4x25] [-- --reference]
  --smoke      tiny sizes: proves every section works, in seconds
  --only       some sections only (numbers 1-12)
  --deploy     section 9's worker processes x active jobs per process (default 4x25, sized for 2 cores)
  --reference  also write reports/bench-reference.json and .md: the committed run the documents quote
Writes reports/bench.json and reports/bench.md.`;

interface BenchArgs {
  smoke: boolean;
  only?: number[];
  deploy?: { processes: number; jobsPerProcess: number };
  reference: boolean;
  help?: true;
}

function parseArgs(argv: string[]): BenchArgs {
  let smoke = false;
  let only: number[] | undefined;
  let deploy: BenchArgs['deploy'];
  let reference = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { smoke, reference, help: true };
    if (arg === '--smoke') smoke = true;
    else if (arg === '--reference') reference = true;
    else if (arg === '--only') {
      const numbers = (argv[++i] ?? '').split(',').map(Number);
      const known = SECTION_NUMBERS;
      if (numbers.length === 0 || numbers.some((n) => !known.includes(n))) throw new BenchUsageError(`--only takes section numbers among ${known.join(',')}, got "${argv[i] ?? ''}"`);
      only = numbers;
    } else if (arg === '--deploy') {
      const match = /^(\d+)x(\d+)$/.exec(argv[++i] ?? '');
      if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new BenchUsageError(`--deploy takes processes x jobs per process, e.g. 4x25, got "${argv[i] ?? ''}"`);
      deploy = { processes: Number(match[1]), jobsPerProcess: Number(match[2]) };
    } else throw new BenchUsageError(`unknown argument "${arg}"`);
  }
  return { smoke, only, deploy, reference };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const log = (line: string) => console.log(line);
  const [{ openStandaloneStack }, { runBench, SECTIONS }, { renderRatioTable, renderTargetLines, writeBenchReports }, { fullSizes, smokeSizes }] = await Promise.all([
    import('../support/standalone-stack.js'),
    import('./bench-run.js'),
    import('./report.js'),
    import('./sizes.js'),
  ]);
  if (SECTIONS.some((section) => !SECTION_NUMBERS.includes(section.number))) throw new BenchUsageError('a section has a number --only does not know: add it to SECTION_NUMBERS');
  const env = await openStandaloneStack('bench');
  try {
    const base = args.smoke ? smokeSizes : fullSizes;
    const sizes = args.deploy ? { ...base, deploy: { ...base.deploy, ...args.deploy } } : base;
    const report = await runBench(env, { sizes, log, only: args.only });
    console.log(`\n${renderRatioTable(report)}\n\n${renderTargetLines(report).join('\n')}`);
    const written = await writeBenchReports(report);
    if (args.reference) await writeBenchReports(report, undefined, 'bench-reference');
    console.log(`\nran in ${(report.durationMs / 1000).toFixed(0)} s; wrote ${written.json} and ${written.markdown}`);
    return 0;
  } catch (error) {
    // After Ctrl-C the stack is released under the running section: its error says nothing new.
    if (env.interrupted) return 130;
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    if (error instanceof Error && error.stack) console.error(error.stack.split('\n').slice(1, 6).join('\n'));
    return 1;
  } finally {
    await env.close();
  }
}

// Exit explicitly: everything is released by now, and a stray timer in a library must not keep a
// finished run hanging.
process.exit(await main());
