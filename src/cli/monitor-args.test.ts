import { describe, expect, it } from 'vitest';
import { parseDashboardArgs } from './dashboard-args.js';
import { CliUsageError } from './errors.js';
import { parseMonitorArgs } from './monitor-args.js';

function usageError(parse: () => unknown): { message: string; exitCode: number } {
  try {
    parse();
  } catch (error) {
    if (error instanceof CliUsageError) return { message: error.message, exitCode: error.exitCode };
    throw error;
  }
  throw new Error('expected a CliUsageError');
}

describe('monitor and dashboard arguments', () => {
  it('default to every queue under the operator prefix, one refresh a second, port 3005', () => {
    expect(parseMonitorArgs([])).toEqual({ kind: 'monitor', queues: [], prefix: undefined, intervalMs: 1000, once: false });
    expect(parseMonitorArgs(['--queue', 'jobs', '--queue', 'resume', '--interval', '0.5', '--once', '--prefix', 'shop'])).toEqual({
      kind: 'monitor',
      queues: ['jobs', 'resume'],
      prefix: 'shop',
      intervalMs: 500,
      once: true,
    });
    expect(parseDashboardArgs(['--prefix', 'rj:a:1'])).toEqual({ kind: 'dashboard', port: 3005, queues: [], prefix: 'rj:a:1', allowWrites: false });
  });

  it('answer each mistake in one line that says what to type (exit code 2)', () => {
    expect(usageError(() => parseMonitorArgs(['--interval', '0']))).toEqual({
      message: 'monitor: --interval must be between 0.1 and 60 seconds',
      exitCode: 2,
    });
    expect(usageError(() => parseMonitorArgs(['--colour'])).message).toMatch(/^monitor: unknown option --colour; usage: npm run monitor -- /);
    expect(usageError(() => parseMonitorArgs(['--queue', 'a b'])).message).toBe(
      'monitor: --queue takes a queue name (letters, digits, . _ -), got "a b"',
    );
    expect(usageError(() => parseDashboardArgs(['--port', '99999'])).message).toBe('dashboard: --port takes a port number from 1 to 65535');
    expect(usageError(() => parseDashboardArgs(['--port', 'http'])).message).toBe(
      'dashboard: --port takes a port number from 1 to 65535, got "http"',
    );
    expect(parseDashboardArgs(['--help']).kind).toBe('help');
    expect(parseMonitorArgs(['-h']).kind).toBe('help');
  });
});
