import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConnectorRegistry, isConnectorError, type ProviderRequest } from '@ledgerbridge/connector-sdk';
import { mapTransaction, type AttentionReason, type MappingResult } from '@ledgerbridge/mapping';
import {
  CategoryEntity,
  CompanySetupEntity,
  ConnectionEntity,
  LedgerAccountEntity,
  TaxCodeEntity,
  TransactionEntity,
  type CompanyEntity,
} from '@ledgerbridge/persistence';
import { Repository } from 'typeorm';
import { notFound } from '../http/api-errors';
import { chartFactsOf, exportIdOf, mappingTransactionOf } from '@ledgerbridge/exports';

/** One posting line as support staff read it; amounts are integer minor units of `currency`, as strings. */
export interface PreviewPosting {
  accountNumber: string;
  accountName: string | null;
  taxCode: string | null;
  currency: string;
  gross: string;
  net: string | null;
  vat: string | null;
  description: string;
}

export interface TransactionPreview {
  transactionId: string;
  version: number;
  exportId: string | null;
  provider: string | null;
  outcome: MappingResult['kind'];
  postings: PreviewPosting[];
  reasons: AttentionReason[];
  providerRequest: ProviderRequest | null;
}

/** What an export of a transaction would send now, from the stored chart and setup only: never calls a provider. */
@Injectable()
export class PreviewService {
  constructor(
    private readonly registry: ConnectorRegistry,
    @InjectRepository(TransactionEntity) private readonly transactions: Repository<TransactionEntity>,
    @InjectRepository(CategoryEntity) private readonly categories: Repository<CategoryEntity>,
    @InjectRepository(CompanySetupEntity) private readonly setups: Repository<CompanySetupEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    @InjectRepository(LedgerAccountEntity) private readonly accounts: Repository<LedgerAccountEntity>,
    @InjectRepository(TaxCodeEntity) private readonly taxCodes: Repository<TaxCodeEntity>,
  ) {}

  async preview(company: CompanyEntity, transactionId: string): Promise<TransactionPreview> {
    const row = await this.transactions.findOneBy({ companyId: company.id, id: transactionId });
    if (!row) throw notFound('Transaction');
    const connection = await this.connections.findOneBy({ companyId: company.id, status: 'connected' });
    const provider = connection?.providerKey ?? null;
    // Without a provider there is no export id yet; a placeholder lets the rules still list every reason.
    const exportId = provider === null ? null : exportIdOf(company.id, row.id, row.version, provider);
    const [setup, categories, accounts, taxCodes] = await Promise.all([
      this.setups.findOneBy({ companyId: company.id }),
      this.categories.findBy({ companyId: company.id }),
      this.accounts.findBy({ companyId: company.id }),
      this.taxCodes.findBy({ companyId: company.id }),
    ]);
    const result = mapTransaction(mappingTransactionOf(row, company.baseCurrency), {
      exportId: exportId ?? '00000000-0000-4000-8000-000000000000',
      booksCurrency: company.baseCurrency,
      setup,
      ...chartFactsOf(categories, accounts, taxCodes),
    });
    const nameOf = (n: string) => accounts.find((a) => a.number === n)?.name ?? null;
    const base = { transactionId: row.id, version: row.version, exportId, provider, outcome: result.kind };
    if (result.kind === 'needs_attention')
      return { ...base, postings: [], reasons: [...result.reasons], providerRequest: null };
    if (provider === null)
      return {
        ...base,
        outcome: 'needs_attention',
        postings: [],
        reasons: [
          {
            code: 'setup_incomplete',
            message: 'The company has no connected accounting provider.',
            field: 'connection',
          },
        ],
        providerRequest: null,
      };
    const connector = this.registry.get(provider);
    const postings: PreviewPosting[] =
      result.kind === 'expense_voucher'
        ? [
            ...result.lines.map((l) => ({
              accountNumber: l.accountNumber,
              accountName: nameOf(l.accountNumber),
              taxCode: l.taxCode,
              currency: l.gross.currency,
              gross: String(l.gross.amountMinor),
              net: String(l.net.amountMinor),
              vat: String(l.vat.amountMinor),
              description: result.voucher.lines[0]?.description ?? '',
            })),
            {
              accountNumber: result.voucher.paidFromAccount,
              accountName: nameOf(result.voucher.paidFromAccount),
              taxCode: null,
              currency: company.baseCurrency,
              gross: String(-result.lines.reduce((sum, l) => sum + l.gross.amountMinor, 0n)),
              net: null,
              vat: null,
              description: 'paid from',
            },
          ]
        : result.entry.lines.map((l) => ({
            accountNumber: l.accountNumber,
            accountName: nameOf(l.accountNumber),
            taxCode: l.taxCode ?? null,
            currency: l.amount.currency,
            gross: String(l.amount.amountMinor),
            net: null,
            vat: null,
            description: l.description,
          }));
    try {
      const providerRequest =
        result.kind === 'expense_voucher'
          ? (connector.renderExpenseVoucher?.(result.voucher) ?? null)
          : (connector.renderJournalEntries?.([result.entry]) ?? null);
      return { ...base, postings, reasons: [], providerRequest };
    } catch (err) {
      if (!isConnectorError(err)) throw err;
      const reason = {
        code: 'setup_incomplete' as const,
        message: err.message,
        ...(err.field && { field: err.field }),
      };
      return { ...base, outcome: 'needs_attention', postings, reasons: [reason], providerRequest: null };
    }
  }
}
