import { CampaignRecipient } from '../../domain/entities/campaign-recipient.js';
import { EmailSender } from '../../domain/services/email-sender.js';
import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { batches } from 'resumable-jobs/mikro-orm';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { failingOnceIfMissing } from '../shared/missing-subject.js';
import { oncePerExecution } from '../shared/once-per-execution.js';
import { EMAIL_BATCH_SIZE, recipientsWhere, type EmailArgs } from '../shared/scopes.js';
import { emailArgsSchema } from '../args/email-args.js';

/**
 * Batch email, batch by batch: a `batches` enumerator yields 50 recipients at a time with the
 * last recipient's id as cursor, so an interrupt during batch 30 finishes it and resumes at 31.
 */
export class BatchEmailIteration extends IterationJob<EmailArgs, CampaignRecipient[], number, DemoServices> {
  static jobName = 'iteration.batch-email';
  static argsSchema = emailArgsSchema;
  // Once per execution, on first use: not once per batch.
  readonly #execution = oncePerExecution(() => {
    const em = forkEm(this.services);
    const context = demoJobContext(this.context.job, 'iteration');
    return { em, context, sender: new EmailSender(em, context, this.services.processing) };
  });

  buildEnumerator(args: EmailArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return batches(this.#execution().em, CampaignRecipient, recipientsWhere(args), {
      cursor,
      batchSize: args.batchSize ?? EMAIL_BATCH_SIZE,
      fields: ['id'],
    });
  }

  protected override async onStart(): Promise<void> {
    const { sender } = this.#execution();
    await failingOnceIfMissing('iteration', () => sender.startSending(this.args.campaignId));
  }

  async eachIteration(batch: CampaignRecipient[]): Promise<void> {
    // One transaction per batch; a recipient that fails is recorded as an error, the rest are sent.
    await failingOnceIfMissing('iteration', () => this.#execution().sender.sendBatch(batch.map((recipient) => recipient.id)));
  }

  protected override async onComplete(): Promise<void> {
    const { em, context, sender } = this.#execution();
    await failingOnceIfMissing('iteration', () => sender.markCampaignSent(this.args.campaignId));
    await recordDemoCompletion(em, context, 'email', 'email');
  }
}
