import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobContext, ProcessingSettings } from '../types.js';
import { resolveProcessingSettings } from './processing-settings.js';

/** What every service acts with: an EntityManager, who is acting (for the ledger) and how to behave. */
export abstract class DomainService {
  protected readonly settings: ProcessingSettings;

  constructor(
    protected readonly em: EntityManager,
    protected readonly context: JobContext,
    settings: Partial<ProcessingSettings> = {},
  ) {
    this.settings = resolveProcessingSettings(settings);
  }
}
