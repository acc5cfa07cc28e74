export {
  prepareReceipt,
  ReceiptRefused,
  type PreparedReceipt,
  type ReceiptLimits,
  type ReceiptRefusalReason,
} from './receipt-processing';
export { FileSystemReceiptStore, sha256Of, type ReceiptStore, type StoredReceipt } from './receipt-store';
