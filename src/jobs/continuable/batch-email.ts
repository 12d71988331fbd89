import { CampaignRecipient } from '../../domain/entities/campaign-recipient.js';
import { EmailSender } from '../../domain/services/email-sender.js';
import { ContinuableJob, type Step } from 'resumable-jobs/continuable';
import { inTransactionOf } from 'resumable-jobs/mikro-orm';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { idPagesAfter } from '../shared/id-pages.js';
import { failingOnceIfMissing } from '../shared/missing-subject.js';
import { EMAIL_BATCH_SIZE, recipientsWhere, type EmailArgs } from '../shared/scopes.js';
import { emailArgsSchema } from '../args/email-args.js';

/**
 * Batch email, step by step: recipients in batches of 50, the cursor is the last recipient id of
 * the last batch sent, so an interrupt during batch 30 finishes batch 30 and resumes at batch 31.
 */
export class BatchEmail extends ContinuableJob<EmailArgs, DemoServices> {
  static jobName = 'continuable.batch-email';
  static argsSchema = emailArgsSchema;
  // Rails' guard: a checkpoint inside em.transactional() fails the job rather than stop mid-transaction.
  protected override isInTransaction = inTransactionOf(this.services.orm.em);

  async perform(args: EmailArgs): Promise<void> {
    const context = demoJobContext(this.job, 'continuable');
    const em = forkEm(this.services);
    const sender = new EmailSender(em, context, this.services.processing);

    await this.step('prepare', async () => {
      await failingOnceIfMissing('continuable', () => sender.startSending(args.campaignId));
    });
    await this.step<number>('send', async (step: Step<number>) => {
      const pageSize = args.batchSize ?? EMAIL_BATCH_SIZE;
      for await (const recipientIds of idPagesAfter(em, CampaignRecipient, recipientsWhere(args), { after: step.cursor, pageSize })) {
        // One transaction per batch; a recipient that fails is recorded as an error, the rest are sent.
        await failingOnceIfMissing('continuable', () => sender.sendBatch(recipientIds));
        await step.set(recipientIds[recipientIds.length - 1]!); // a checkpoint after the whole batch
      }
    });
    await this.step('finalize', async () => {
      await failingOnceIfMissing('continuable', () => sender.markCampaignSent(args.campaignId));
      await recordDemoCompletion(em, context, 'email', 'email');
    });
  }
}
