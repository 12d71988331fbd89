#!/usr/bin/env bash
# The package as a stranger installs it: `npm pack`, then a real `npm install` of the tarball (with
# bullmq and ioredis from the registry) into a fresh project outside this repository. Plain node
# imports every entry point and TypeScript type-checks a use of them under nodenext and bundler
# resolution. Any failure fails the CI run.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/resumable-jobs-install-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

tarball="$(cd "$root/packages/resumable-jobs" && npm pack --silent --pack-destination "$scratch" | tail -n 1)"
echo "ci: installing $tarball into a fresh project"
cd "$scratch"
printf '{ "name": "fresh-app", "private": true, "type": "module" }\n' > package.json
npm install --no-audit --no-fund "./$tarball" bullmq ioredis typescript @types/node >/dev/null

node --input-type=module -e "
  const runtime = await import('resumable-jobs/runtime');
  const continuable = await import('resumable-jobs/continuable');
  const iteration = await import('resumable-jobs/iteration');
  for (const [name, ok] of [['Runtime', typeof runtime.Runtime], ['closeOnSignals', typeof runtime.closeOnSignals],
    ['ContinuableJob', typeof continuable.ContinuableJob], ['IterationJob', typeof iteration.IterationJob]]) {
    if (ok !== 'function') throw new Error(name + ' is not exported');
  }
  console.log('ci: plain node imports every entry point; defaults ' + JSON.stringify(runtime.resumableJobsDefaults));
"

mkdir src
cat > src/app.ts <<'TS'
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { closeOnSignals, Runtime } from 'resumable-jobs/runtime';

class Count extends ContinuableJob<{ to: number }> {
  async perform({ to }: { to: number }): Promise<void> {
    await this.step<number>('count', async (step) => {
      for (let n = (step.cursor ?? 0) + 1; n <= to; n++) await step.set(n);
    });
  }
}
class Visit extends IterationJob<{ ids: number[] }, number, number> {
  buildEnumerator({ ids }: { ids: number[] }, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.array(ids, { cursor });
  }
  async eachIteration(): Promise<void> {}
}
export function start(redisUrl: string): Queue {
  const runtime = new Runtime({ redisUrl, prefix: 'app', services: undefined }).register(Count, Visit);
  runtime.startWorker();
  closeOnSignals(runtime);
  // The application's own Queue type-checks against the runtime's: one bullmq.
  const queue: Queue = runtime.queue();
  const redis: Redis = new Redis(redisUrl, { lazyConnect: true });
  void redis;
  return queue;
}
TS
for resolution in nodenext bundler; do
  module=$([[ $resolution == nodenext ]] && echo nodenext || echo esnext)
  npx tsc --noEmit --strict --target es2022 --module "$module" --moduleResolution "$resolution" --types node src/app.ts
  echo "ci: types check under moduleResolution $resolution"
done
echo "ci: installed package: $(find node_modules -name package.json -path '*/node_modules/*/package.json' -not -path '*/node_modules/*/node_modules/*/node_modules/*' | wc -l) package.json files, $(du -sm node_modules | cut -f1) MB"
