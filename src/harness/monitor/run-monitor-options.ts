import type { MonitorSource } from './monitor-source.js';

/** What both views of the monitor (plain lines, the ink dashboard) are run with. */
export interface RunMonitorOptions {
  source: MonitorSource;
  intervalMs: number;
  /** One frame, then return. */
  once: boolean;
  /** A terminal gets the ink dashboard; anything else gets plain lines. */
  stdout: NodeJS.WriteStream;
  /** Resolves when the monitor should stop (Ctrl-C, SIGTERM). */
  stopped: Promise<void>;
}
