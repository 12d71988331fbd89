import { OperatorError } from '../operator/errors.js';

/** The dashboard cannot serve: its port is taken, or Redis does not answer. Exit code 1. */
export class MonitorError extends OperatorError {
  override readonly name = 'MonitorError';
}
