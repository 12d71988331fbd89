import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * The operator's logger: pretty single lines in a terminal, JSON lines otherwise (a pipe, a file,
 * a log collector). Synchronous, so the last lines before a signal-driven exit are never lost.
 */
export function createOperatorLogger(name: string, stream: NodeJS.WriteStream = process.stdout): Logger {
  const options = { name, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (stream.isTTY) {
    return pino(options, pretty({ sync: true, destination: stream, translateTime: 'HH:MM:ss.l', ignore: 'name,pid', hideObject: true }));
  }
  return pino(options, pino.destination({ dest: stream === process.stderr ? 2 : 1, sync: true }));
}
