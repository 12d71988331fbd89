import { parseJobsArgs } from './jobs-args.js';
import { runCli } from './run-cli.js';

// npm run jobs -- enqueue|interrupt|checkpoint|resume|status|list: the manual flow's control terminal.
await runCli('jobs', async () => {
  const command = parseJobsArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runJobs } = await import('./run-jobs.js');
  return runJobs(command);
});
