import type { StackEndpoints } from '../types.js';

// Types `inject('stack')` in every test file (the value comes from global-setup.ts).
declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackEndpoints;
  }
}
