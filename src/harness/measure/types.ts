/** The ids the measurement seeded. */
export interface SeededIds {
  orderIds: number[];
  recipientIds: number[];
  customerIds: number[];
}

/** One line of the printed table: the mean time and round trips per unit of work. */
export interface MeasuredLine {
  what: string;
  per: string;
  ms: number;
  queries: number;
}
