// `npm run bench`: sections 1-8 of the benchmark specification on a stack of its own (REDIS_URL +
// DATABASE_URL, Docker, or local servers), printed as it goes and written to reports/bench.json and
// reports/bench.md. Released at the end, on error and on Ctrl-C. About 5-10 minutes on 2 cores.
//   npm run bench                  the full run
//   npm run bench -- --only 1,2    some sections only (numbers 1-8)
//   npm run bench -- --smoke       tiny sizes: proves every section works, in seconds
import { openStandaloneStack } from '../support/standalone-stack.js';
import { runBench, SECTIONS } from './bench-run.js';
import { BenchUsageError } from './errors.js';
import { renderRatioTable, renderTargetLines, writeBenchReports } from './report.js';
import { fullSizes, smokeSizes } from './sizes.js';

const USAGE = `usage: npm run bench [-- --smoke] [-- --only 1,2,8]
  --smoke  tiny sizes: proves every section works, in seconds
  --only   some sections only (numbers 1-8)
Writes reports/bench.json and reports/bench.md.`;

function parseArgs(argv: string[]): { smoke: boolean; only?: number[]; help?: true } {
  let smoke = false;
  let only: number[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { smoke, help: true };
    if (arg === '--smoke') smoke = true;
    else if (arg === '--only') {
      const numbers = (argv[++i] ?? '').split(',').map(Number);
      const known = SECTIONS.map((section) => section.number);
      if (numbers.length === 0 || numbers.some((n) => !known.includes(n))) throw new BenchUsageError(`--only takes section numbers among ${known.join(',')}, got "${argv[i] ?? ''}"`);
      only = numbers;
    } else throw new BenchUsageError(`unknown argument "${arg}"`);
  }
  return { smoke, only };
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
  const env = await openStandaloneStack('bench');
  try {
    const report = await runBench(env, { sizes: args.smoke ? smokeSizes : fullSizes, log, only: args.only });
    console.log(`\n${renderRatioTable(report)}\n\n${renderTargetLines(report).join('\n')}`);
    const written = await writeBenchReports(report);
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
