import type { EntityManager } from '@mikro-orm/postgresql';
import { CampaignRecipient } from '../../domain/entities/campaign-recipient.js';
import { EmailCampaign } from '../../domain/entities/email-campaign.js';
import { EmailSender } from '../../domain/services/email-sender.js';
import type { JobContext } from '../../domain/types.js';
import { IterationJob } from '../../iteration/iteration-job.js';
import type { BuildEnumeratorOptions } from '../../iteration/types.js';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { EMAIL_BATCH_SIZE, recipientsWhere, type EmailArgs } from '../shared/scopes.js';

/**
 * Batch email, batch by batch: a `batches` enumerator yields 50 recipients at a time with the
 * last recipient's id as cursor, so an interrupt during batch 30 finishes it and resumes at 31.
 */
export class BatchEmailIteration extends IterationJob<EmailArgs, CampaignRecipient[], number, DemoServices> {
  static jobName = 'iteration.batch-email';
  // Built once per execution (buildEnumerator runs first), not once per batch.
  #em!: EntityManager;
  #context!: JobContext;
  #sender!: EmailSender;

  buildEnumerator(args: EmailArgs, { cursor }: BuildEnumeratorOptions<number>) {
    this.#em = forkEm(this.services);
    this.#context = demoJobContext(this.context.job, 'iteration');
    this.#sender = new EmailSender(this.#em, this.#context, this.services.processing);
    return this.enumerate.batches(this.#em, CampaignRecipient, recipientsWhere(args), {
      cursor,
      batchSize: args.batchSize ?? EMAIL_BATCH_SIZE,
      fields: ['id'],
    });
  }

  protected override async onStart(): Promise<void> {
    await this.#em.fork().nativeUpdate(EmailCampaign, { id: this.args.campaignId, status: 'draft' }, { status: 'sending' });
  }

  async eachIteration(batch: CampaignRecipient[]): Promise<void> {
    // One transaction per batch; a recipient that fails is recorded as an error, the rest are sent.
    await this.#sender.sendBatch(batch.map((recipient) => recipient.id));
  }

  protected override async onComplete(): Promise<void> {
    await this.#sender.markCampaignSent(this.args.campaignId);
    await recordDemoCompletion(this.#em, this.#context, 'email', 'email');
  }
}
