export type {
  AttentionCode,
  AttentionReason,
  Category,
  CompanySetup,
  ExpenseTransaction,
  MappingContext,
  MappingResult,
  ReimbursementTransaction,
  Settlement,
  SplitLine,
  SyncedChart,
  Transaction,
  TransactionKind,
  VatCode,
  VoucherLineBreakdown,
  WalletTopUpTransaction,
} from './mapping.types';
export { InvalidMappingInputError, mapTransaction } from './map-transaction';
export { allocateLargestRemainder } from './allocate';
export { divideRoundHalfAwayFromZero, FULL_SHARE_BASIS_POINTS, InvalidVatRateError, vatSplit } from './vat';
export type { VatSplit, VatTreatment } from './vat';
