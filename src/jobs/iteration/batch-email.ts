import { CampaignRecipient } from '../../domain/entities/campaign-recipient.js';
import { EmailCampaign } from '../../domain/entities/email-campaign.js';
import { EmailSender } from '../../domain/services/email-sender.js';
import { IterationJob } from '../../iteration/iteration-job.js';
import type { BuildEnumeratorOptions } from '../../iteration/types.js';
import { recordCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { distinctSubjectCount } from '../shared/ledger-counts.js';
import { EMAIL_BATCH_SIZE, recipientsWhere, type EmailArgs } from '../shared/scopes.js';

/**
 * Batch email, batch by batch: a `batches` enumerator yields 50 recipients at a time with the
 * last recipient's id as cursor, so an interrupt during batch 30 finishes it and resumes at 31.
 */
export class BatchEmailIteration extends IterationJob<EmailArgs, CampaignRecipient[], number, DemoServices> {
  static jobName = 'iteration.batch-email';

  buildEnumerator(args: EmailArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.batches(forkEm(this.services), CampaignRecipient, recipientsWhere(args), {
      cursor,
      batchSize: args.batchSize ?? EMAIL_BATCH_SIZE,
    });
  }

  protected override async onStart(): Promise<void> {
    await forkEm(this.services).nativeUpdate(EmailCampaign, { id: this.args.campaignId, status: 'draft' }, { status: 'sending' });
  }

  async eachIteration(batch: CampaignRecipient[]): Promise<void> {
    const context = demoJobContext(this.context.job, 'iteration');
    const em = forkEm(this.services);
    const sender = new EmailSender(em, context, this.services.processing);
    // One transaction per batch; a recipient that fails is recorded as an error, the rest are sent.
    await sender.sendBatch(batch.map((recipient) => recipient.id));
  }

  protected override async onComplete(): Promise<void> {
    const context = demoJobContext(this.context.job, 'iteration');
    const em = forkEm(this.services);
    await new EmailSender(em, context, this.services.processing).markCampaignSent(this.args.campaignId);
    await recordCompletion(em, context, 'email', await distinctSubjectCount(em, context.jobId, 'email'));
  }
}
