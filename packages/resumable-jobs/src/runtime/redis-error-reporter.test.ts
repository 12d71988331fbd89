import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { registerSecret } from './redact.js';
import { RedisErrorReporter } from './redis-error-reporter.js';

function capture() {
  const lines: { msg: string; level: number }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('RedisErrorReporter', () => {
  it('logs one line per kind of error per window, counting the repeats into the next line', () => {
    const { logger, lines } = capture();
    let now = 0;
    const reporter = new RedisErrorReporter({ logger, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 30; i++) reporter.report('queue jobs', new Error(`connect ECONNREFUSED 127.0.0.1:${6000 + i}`));
    expect(lines).toHaveLength(1);
    now = 10_001;
    reporter.report('queue jobs', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(lines).toHaveLength(2);
    expect(lines[1]!.msg).toContain('and 29 more like it');
  });

  it('reports refused credentials once, without the password, and calls the auth handler once', () => {
    const { logger, lines } = capture();
    registerSecret('pw-in-auth-reply');
    const calls: Error[] = [];
    const reporter = new RedisErrorReporter({ logger, onAuthFailure: (error) => calls.push(error) });
    const wrongpass = Object.assign(new Error('WRONGPASS invalid username-password pair or user is disabled.'), {
      command: { name: 'auth', args: ['pw-in-auth-reply'] },
    });
    reporter.report('redis', wrongpass);
    reporter.report('worker jobs', wrongpass);
    expect(calls).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toContain('Redis refused the credentials (WRONGPASS)');
    expect(JSON.stringify(lines)).not.toContain('pw-in-auth-reply');
  });

  it('masks URL passwords in the lines it writes', () => {
    const { logger, lines } = capture();
    new RedisErrorReporter({ logger }).report('redis', new Error('cannot reach redis://:topsecret42@10.0.0.1:6379'));
    expect(lines[0]!.msg).toContain('redis://:***@10.0.0.1:6379');
    expect(lines[0]!.msg).not.toContain('topsecret42');
  });
});
