/*
 * Times the domain services on a throwaway database: per order, per email batch of 50, per report,
 * with the round trips each costs. A measurement to read, not a test: nothing here asserts a time.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx src/harness/measure/measure-services.ts
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { countQueries } from '../../domain/count-queries.js';
import { CampaignRecipient } from '../../domain/entities/campaign-recipient.js';
import { Customer } from '../../domain/entities/customer.js';
import { EmailCampaign } from '../../domain/entities/email-campaign.js';
import { Order } from '../../domain/entities/order.js';
import { createOrm } from '../../domain/orm.js';
import { prepareSchema } from '../../domain/schema.js';
import { EmailSender } from '../../domain/services/email-sender.js';
import { OrderProcessor } from '../../domain/services/order-processor.js';
import { ReportBuilder } from '../../domain/services/report-builder.js';
import type { JobContext, ProcessingSettings } from '../../domain/types.js';
import { createScenarioDatabase } from '../stack/isolation/scenario-database.js';
import type { MeasuredLine, SeededIds } from './types.js';

const ORDERS = 1_000;
const RECIPIENTS = 1_000;
const BATCH = 50;
const REPORTS = 100;

async function seed(orm: MikroORM): Promise<SeededIds> {
  const em = orm.em.fork();
  const customerIds: number[] = [];
  for (let i = 0; i < REPORTS; i++) customerIds.push((await em.insert(Customer, { name: `Customer ${i}`, email: `c${i}@example.com` })) as number);
  // Mostly valid amounts, a few of each invalid kind, so both branches are timed.
  const amount = (i: number) => (i % 50 === 0 ? null : i % 50 === 1 ? '0.00' : i % 50 === 2 ? '-5.00' : `${(i * 7.31) % 250}`.slice(0, 6));
  await em.insertMany(
    Order,
    Array.from({ length: ORDERS }, (_, i) => ({ customer: customerIds[i % REPORTS]!, amount: normalise(amount(i)), status: 'pending' as const })),
  );
  const orderIds = (await em.execute<{ id: number }[]>('select id from orders order by id')).map((row) => row.id);
  const campaign = (await em.insert(EmailCampaign, { name: 'Measure', subject: '{{name}}, hello' })) as number;
  await em.insertMany(
    CampaignRecipient,
    Array.from({ length: RECIPIENTS }, (_, i) => ({
      campaign,
      customer: customerIds[i % REPORTS]!,
      email: i % 20 === 7 ? null : `r${i}@example.com`,
    })),
  );
  const recipientIds = (await em.execute<{ id: number }[]>('select id from campaign_recipients order by id')).map((row) => row.id);
  return { orderIds, recipientIds, customerIds };
}

function normalise(amount: string | null): string | null {
  return amount === null ? null : Number(amount).toFixed(2);
}

async function measure(orm: MikroORM, what: string, per: string, units: number, work: () => Promise<unknown>): Promise<MeasuredLine> {
  const started = performance.now();
  const { queries } = await countQueries(orm, work);
  return { what, per, ms: (performance.now() - started) / units, queries: queries / units };
}

let jobs = 0;
const context = (): JobContext => ({ jobId: `measure-${++jobs}`, engine: 'iteration', execution: 1 });

async function run(orm: MikroORM, data: SeededIds): Promise<MeasuredLine[]> {
  const lines: MeasuredLine[] = [];
  const batches = Array.from({ length: Math.ceil(data.recipientIds.length / BATCH) }, (_, i) =>
    data.recipientIds.slice(i * BATCH, (i + 1) * BATCH),
  );
  for (const [mode, settings] of [
    ['raw', { idempotent: false }],
    ['idempotent, first time', { idempotent: true }],
    ['idempotent, replayed', { idempotent: true }],
  ] as [string, Partial<ProcessingSettings>][]) {
    const orders = new OrderProcessor(orm.em.fork(), context(), settings);
    lines.push(await measure(orm, `orders (${mode})`, 'order', data.orderIds.length, async () => {
      for (const id of data.orderIds) await orders.process(id);
    }));
    const sender = new EmailSender(orm.em.fork(), context(), settings);
    lines.push(await measure(orm, `emails (${mode})`, `batch of ${BATCH}`, batches.length, async () => {
      for (const batch of batches) await sender.sendBatch(batch);
    }));
    const reports = new ReportBuilder(orm.em.fork(), context(), settings);
    lines.push(await measure(orm, `reports (${mode})`, 'report', data.customerIds.length, async () => {
      for (const id of data.customerIds) await reports.build(id);
    }));
  }
  return lines;
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = await createScenarioDatabase(adminUrl, 'measure services');
  let orm: MikroORM | undefined;
  const cleanUp = async () => {
    await orm?.close(true).catch(() => undefined);
    await database.drop();
  };
  // Drop the database even when the run is interrupted.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    orm = await createOrm(database.url, { poolMax: 2 });
    await prepareSchema(orm);
    const data = await seed(orm);
    await run(orm, data); // warm-up: connections, plans, JIT of our own code
    await orm.em.fork().execute('truncate effect_keys');
    const lines = await run(orm, data);
    console.log('what'.padEnd(34), 'per'.padEnd(12), 'ms'.padStart(8), 'round trips'.padStart(12));
    for (const line of lines) {
      console.log(line.what.padEnd(34), line.per.padEnd(12), line.ms.toFixed(3).padStart(8), line.queries.toFixed(2).padStart(12));
    }
  } finally {
    await cleanUp();
  }
}

await main();
