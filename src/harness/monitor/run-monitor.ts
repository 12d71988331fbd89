import { PlainLines } from './plain-lines.js';
import type { RunMonitorOptions } from './run-monitor-options.js';

/**
 * Shows frames every interval until stopped (or once): the ink dashboard in a terminal (loaded only
 * then), plain lines anywhere else. Reads never overlap.
 */
export async function runMonitor(options: RunMonitorOptions): Promise<void> {
  if (options.stdout.isTTY) {
    const { runTerminal } = await import('./terminal-monitor.js');
    await runTerminal(options);
  } else {
    await runPlain(options);
  }
}

async function runPlain({ source, intervalMs, once, stdout, stopped }: RunMonitorOptions): Promise<void> {
  const plain = new PlainLines(!once);
  let done = false;
  void stopped.then(() => {
    done = true;
  });
  for (;;) {
    const lines = plain.lines(await source.read());
    if (lines.length > 0) stdout.write(`${lines.join('\n')}\n`);
    if (once) return;
    await Promise.race([pause(intervalMs), stopped]);
    if (done) return;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
