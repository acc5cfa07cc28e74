import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { DineroApi, OrganizationId } from '../auth/dinero-api.decorator';
import { DineroErrors } from '../core/dinero.errors';
import { projectFields } from '../core/field.projection';
import { single } from '../core/query.params';
import { RequestBodyReader } from '../core/request-body.reader';
import type { AccountKind } from '../seed/seed.types';
import { LedgerAccount } from '../state/chart.store';
import { SandboxState } from '../state/sandbox.state';

export const DEPOSIT_RANGE = { from: 55000, to: 55999 };

function entryReadModel(account: LedgerAccount) {
  return {
    AccountNumber: account.number,
    PublicStandardNumber: null,
    Name: account.name,
    VatCode: account.vatCode,
    Category: account.category,
    CategoryName: account.categoryName,
    IsHidden: account.isHidden,
    IsDefaultSalesAccount: account.isDefaultSalesAccount,
  };
}

function depositReadModel(account: LedgerAccount) {
  return {
    AccountNumber: account.number,
    PublicStandardNumber: null,
    Name: account.name,
    IsDefault: account.deposit?.isDefault ?? false,
    IsHidden: account.isHidden,
    BankRegistrationNumber: account.deposit?.registrationNumber ?? null,
    BankAccountNumber: account.deposit?.bankAccountNumber ?? null,
    BankSwiftNumber: account.deposit?.swift ?? null,
    BankIbanNumber: account.deposit?.iban ?? null,
  };
}

// A new entry account's kind and group follow the number ranges of the standard chart (see README).
function groupOf(number: number): { kind: AccountKind; category: string; categoryName: string } {
  if (number >= 1000 && number < 2000) return { kind: 'income', category: 'Turnover', categoryName: 'Omsætning' };
  if (number < 10000) return { kind: 'expense', category: 'Variable Expenses', categoryName: 'Variable omkostninger' };
  if (number >= 58000 && number < 60000) return { kind: 'equity', category: 'Equity', categoryName: 'Egenkapital' };
  if (number >= 64000 && number < 65000) return { kind: 'vat', category: 'VAT', categoryName: 'Moms' };
  if (number >= 60000) return { kind: 'liability', category: 'Liabilities', categoryName: 'Gæld' };
  return { kind: 'asset', category: 'Current Assets', categoryName: 'Omsætningsaktiver' };
}

@DineroApi()
@Controller('v1/:organizationId/accounts')
export class AccountsController {
  constructor(private readonly state: SandboxState) {}

  @Get('entry')
  entry(
    @OrganizationId() organizationId: number,
    @Query('fields') fields?: string,
    @Query('categoryFilter') categoryFilter?: string,
  ) {
    const wanted = (single('categoryFilter', categoryFilter) ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== '');
    const accounts = this.state.chart
      .accounts(organizationId)
      .filter((account) => wanted.length === 0 || wanted.includes(account.category.toLowerCase()));
    return projectFields(accounts.map(entryReadModel), fields, 'AccountNumber,Name,IsHidden');
  }

  // The sandbox's choice: the income-statement expense accounts it knows by kind (Dinero publishes no rule).
  @Get('purchase')
  purchase(@OrganizationId() organizationId: number, @Query('fields') fields?: string) {
    const accounts = this.state.chart.accounts(organizationId).filter((account) => account.kind === 'expense');
    return projectFields(
      accounts.map(entryReadModel),
      fields,
      'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden',
    );
  }

  @Get('deposit')
  deposit(@OrganizationId() organizationId: number, @Query('fields') fields?: string) {
    const accounts = this.state.chart.accounts(organizationId).filter((account) => account.deposit !== null);
    return projectFields(accounts.map(depositReadModel), fields, 'AccountNumber,Name');
  }

  @Post('entry')
  @HttpCode(200)
  createEntry(@OrganizationId() organizationId: number, @Body() body: unknown): void {
    const reader = RequestBodyReader.of(body);
    const number = reader.integer('Number', true);
    const name = reader.string('Name', { required: true, minLength: 1 });
    const vatCode = reader.string('VatCode', { required: true, minLength: 1 });
    reader.throwIfInvalid();
    if (number === null || name === null || vatCode === null) return;
    if (this.state.chart.account(organizationId, number))
      throw DineroErrors.validation('Number', `Account ${number} already exists`);
    if (number >= DEPOSIT_RANGE.from && number <= DEPOSIT_RANGE.to) {
      throw DineroErrors.validation('Number', 'Numbers 55000–55999 are for deposit accounts; use accounts/deposit');
    }
    const vatType = this.state.chart.vatType(organizationId, vatCode);
    if (!vatType) throw DineroErrors.validation('VatCode', `Unknown VAT code ${vatCode}`);
    this.state.chart.addAccount(organizationId, {
      number,
      name,
      vatCode: vatType.code,
      ...groupOf(number),
      isHidden: false,
      isDefaultSalesAccount: false,
      deposit: null,
    });
  }

  @Post('deposit')
  @HttpCode(200)
  createDeposit(@OrganizationId() organizationId: number, @Body() body: unknown): void {
    const reader = RequestBodyReader.of(body);
    const number = reader.integer('Number', true);
    const name = reader.string('Name', { required: true, minLength: 1 });
    const registrationNumber = reader.string('RegistrationNumber');
    const bankAccountNumber = reader.string('AccountNumber');
    const swift = reader.string('SwiftNumber');
    const iban = reader.string('IbanNumber');
    reader.throwIfInvalid();
    if (number === null || name === null) return;
    if (number < DEPOSIT_RANGE.from || number > DEPOSIT_RANGE.to) {
      throw DineroErrors.validation('Number', 'A deposit account must be numbered 55000–55999');
    }
    if (this.state.chart.account(organizationId, number))
      throw DineroErrors.validation('Number', `Account ${number} already exists`);
    this.state.chart.addAccount(organizationId, {
      number,
      name,
      vatCode: null,
      category: 'Cash and Bank',
      categoryName: 'Likvide beholdninger',
      kind: 'asset',
      isHidden: false,
      isDefaultSalesAccount: false,
      deposit: { isDefault: false, registrationNumber, bankAccountNumber, swift, iban },
    });
  }
}
