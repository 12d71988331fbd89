export { OrderProcessor } from './order-processor.js';
export { ReportBuilder, summariseCustomerOrders } from './report-builder.js';
export { EmailSender } from './email-sender.js';
export { priceOrder, PRICING_RULES } from './order-pricing.js';
export { personaliseEmail } from './personalise-email.js';
export {
  defaultProcessingSettings,
  presentationProcessingSettings,
  resolveProcessingSettings,
} from './processing-settings.js';
export { isSimulatedFailure } from './simulated-failure.js';
export { perItemDelay } from './per-item-delay.js';
export type * from './types.js';
