import { e2eEnv } from '../e2e-env';

/** One purchase voucher line as Dinero reads it back (kroner, as Dinero answers). */
interface VoucherLineRead {
  Description: string | null;
  VatCode: string | null;
  AccountNumber: number | null;
  AmountInclVatValue: number;
  VatAmountValue: number;
}

interface VoucherRead {
  Guid: string;
  Status: string;
  FileGuid: string | null;
  VoucherDate: string;
  PurchaseType: string;
  DepositAccountNumber: number | null;
  ExternalReference: string | null;
  CurrencyKey: string | null;
  Lines: VoucherLineRead[];
}

interface LedgerItemRead {
  Id: string;
  Status: string;
  VoucherDate: string;
  FileGuid: string | null;
  Lines: Array<{
    Description: string | null;
    Amount: number;
    AccountNumber: number | null;
    AccountVatCode: string | null;
    BalancingAccountNumber: number | null;
    BalancingAccountVatCode: string | null;
  }>;
}

/** What the sandbox's control surface shows of an organization (GET /_sandbox/organizations/{id}). */
export interface Holdings {
  drafts: VoucherRead[];
  bookedVouchers: VoucherRead[];
  ledgerItems: LedgerItemRead[];
  files: Array<{ FileGuid: string; Name: string; Size: number; ContentType: string; Sha256: string }>;
}

export interface BookedVoucherLine {
  accountNumber: number | null;
  vatCode: string | null;
  grossOre: number;
  vatOre: number;
  description: string | null;
}

/** A document in the books, in øre, with what identifies it. */
export type BookedDocument =
  | {
      type: 'voucher';
      /** Dinero's Guid. */
      id: string;
      reference: string | null;
      status: string;
      date: string;
      purchaseType: string;
      currency: string;
      depositAccount: number | null;
      descriptions: string[];
      lines: BookedVoucherLine[];
      fileGuid: string | null;
      fileSha256: string | null;
    }
  | {
      type: 'ledger_item';
      id: string;
      reference: string;
      status: string;
      date: string;
      descriptions: string[];
      postings: Map<number, number>;
      /** VAT codes on the postings other than none/null. */
      vatCodes: string[];
      fileGuid: string | null;
      fileSha256: string | null;
    };

export const toOre = (kroner: number): number => Math.round(kroner * 100);

/** Reads the books through the control surface, which spends none of the organization's request quota. */
export async function readHoldings(organizationId: string, sandboxUrl = e2eEnv().sandboxUrl): Promise<Holdings> {
  const res = await fetch(`${sandboxUrl}/_sandbox/organizations/${organizationId}`);
  if (!res.ok) throw new Error(`Reading organization ${organizationId}'s books answered ${res.status}.`);
  return (await res.json()) as Holdings;
}

/** Every purchase voucher (draft or approved) and ledger item, normalised to øre and signed postings. */
export function bookedDocuments(holdings: Holdings): BookedDocument[] {
  const digest = new Map(holdings.files.map((file) => [file.FileGuid.toLowerCase(), file.Sha256]));
  const sha = (guid: string | null) => (guid ? (digest.get(guid.toLowerCase()) ?? null) : null);
  const unique = (texts: Array<string | null>) => [...new Set(texts.filter((t): t is string => t !== null))];
  const vouchers: BookedDocument[] = [...holdings.drafts, ...holdings.bookedVouchers].map((voucher) => ({
    type: 'voucher',
    id: voucher.Guid,
    reference: voucher.ExternalReference,
    status: voucher.Status,
    date: voucher.VoucherDate,
    purchaseType: voucher.PurchaseType,
    currency: voucher.CurrencyKey ?? 'DKK',
    depositAccount: voucher.DepositAccountNumber,
    descriptions: unique(voucher.Lines.map((line) => line.Description)),
    lines: voucher.Lines.map((line) => ({
      accountNumber: line.AccountNumber,
      vatCode: line.VatCode,
      grossOre: toOre(line.AmountInclVatValue),
      vatOre: toOre(line.VatAmountValue),
      description: line.Description,
    })),
    fileGuid: voucher.FileGuid,
    fileSha256: sha(voucher.FileGuid),
  }));
  const items: BookedDocument[] = holdings.ledgerItems.map((item) => {
    const postings = new Map<number, number>();
    const add = (account: number | null, ore: number) => {
      const key = account ?? -1;
      postings.set(key, (postings.get(key) ?? 0) + ore);
    };
    // A Dinero line moves its amount onto AccountNumber and the opposite onto BalancingAccountNumber.
    for (const line of item.Lines) {
      add(line.AccountNumber, toOre(line.Amount));
      add(line.BalancingAccountNumber, -toOre(line.Amount));
    }
    for (const [account, ore] of postings) if (ore === 0) postings.delete(account);
    const vatCodes = item.Lines.flatMap((line) => [line.AccountVatCode, line.BalancingAccountVatCode]).filter(
      (code): code is string => code !== null && code.toLowerCase() !== 'none',
    );
    return {
      type: 'ledger_item',
      id: item.Id,
      reference: item.Id,
      status: item.Status,
      date: item.VoucherDate,
      descriptions: unique(item.Lines.map((line) => line.Description)),
      postings,
      vatCodes,
      fileGuid: item.FileGuid,
      fileSha256: sha(item.FileGuid),
    };
  });
  return [...vouchers, ...items];
}
