import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import type { Account } from '@ledgerbridge/connector-sdk';
import { CompanySetupEntity, ConnectionEntity, LedgerAccountEntity } from '@ledgerbridge/persistence';
import { Repository } from 'typeorm';
import { ChartReader } from '../chart/chart-reader';
import { ApiError, FieldError } from '../http/api-errors';
import { SaveSetupDto, SetupDto, SetupOptionsDto } from './setup.dto';

const option = (a: Pick<Account, 'number' | 'name'>) => ({ number: a.number, name: a.name });

/** Which provider accounts money is paid from; a company is ready to export only with a complete, valid setup. */
@Injectable()
export class SetupService {
  private readonly logger = new Logger(SetupService.name);

  constructor(
    private readonly chart: ChartReader,
    private readonly audit: AuditTrail,
    @InjectRepository(CompanySetupEntity) private readonly setups: Repository<CompanySetupEntity>,
    @InjectRepository(LedgerAccountEntity) private readonly accounts: Repository<LedgerAccountEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  async options(companyId: string): Promise<SetupOptionsDto> {
    const deposits = (await this.chart.liveAccounts(companyId))
      .filter((a) => a.kind === 'deposit' && a.active)
      .map(option);
    return {
      depositAccounts: deposits,
      outOfPocketAccounts: deposits,
      reimbursementAccounts: deposits,
      fundingAccounts: deposits,
    };
  }

  async read(companyId: string): Promise<SetupDto> {
    const setup = await this.setups.findOneBy({ companyId });
    const chosen = {
      depositAccount: setup?.depositAccount ?? null,
      outOfPocketAccount: setup?.outOfPocketAccount ?? null,
      reimbursementAccount: setup?.reimbursementAccount ?? null,
      fundingAccount: setup?.fundingAccount ?? null,
    };
    const problems: string[] = [];
    if (!(await this.connections.findOneBy({ companyId, status: 'connected' })))
      problems.push('No accounting provider is connected.');
    if (!setup) problems.push('No setup is saved yet: choose the deposit account.');
    else {
      const stored = new Map((await this.accounts.findBy({ companyId })).map((a) => [a.number, a]));
      for (const problem of this.check(chosen, (n) => stored.get(n))) problems.push(problem.message);
    }
    return { ...chosen, readyToExport: problems.length === 0, problems };
  }

  /**
   * Validated against the synced chart, so a save spends none of the provider's request budget; the options a user
   * picks from were read live a moment before, and the scheduled re-sync catches later changes.
   */
  async save(companyId: string, dto: SaveSetupDto, actor: string): Promise<SetupDto> {
    await this.chart.connected(companyId);
    const synced = new Map((await this.accounts.findBy({ companyId })).map((a) => [a.number, a]));
    const chosen = {
      depositAccount: dto.depositAccount,
      outOfPocketAccount: dto.outOfPocketAccount ?? null,
      reimbursementAccount: dto.reimbursementAccount ?? null,
      fundingAccount: dto.fundingAccount ?? null,
    };
    const problems = this.check(chosen, (n) => synced.get(n));
    if (problems.length > 0)
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The setup is not valid.', problems);
    const before = await this.setups.findOneBy({ companyId });
    await this.audit.transaction(companyId, async (tx) => {
      await tx.getRepository(CompanySetupEntity).save({ companyId, ...chosen });
      await this.audit.record(
        {
          companyId,
          actor,
          action: 'setup.saved',
          subjectType: 'setup',
          subjectId: companyId,
          before: before && {
            depositAccount: before.depositAccount,
            outOfPocketAccount: before.outOfPocketAccount,
            reimbursementAccount: before.reimbursementAccount,
            fundingAccount: before.fundingAccount,
          },
          after: chosen,
        },
        tx,
      );
    });
    this.logger.log(`Company ${companyId} saved its setup (deposit account ${chosen.depositAccount}).`);
    return this.read(companyId);
  }

  private check(
    chosen: Record<'depositAccount' | 'outOfPocketAccount' | 'reimbursementAccount' | 'fundingAccount', string | null>,
    find: (number: string) => { name: string; kind: string; active: boolean } | undefined,
  ): FieldError[] {
    const problems: FieldError[] = [];
    const checkDeposit = (field: keyof typeof chosen, what: string) => {
      const number = chosen[field];
      if (!number) return;
      const account = find(number);
      if (!account)
        problems.push({ field, message: `${field}: account ${number} does not exist in the provider's chart` });
      else if (!account.active)
        problems.push({
          field,
          message: `${field}: account ${number} "${account.name}" is inactive (hidden or removed)`,
        });
      else if (account.kind !== 'deposit') {
        problems.push({
          field,
          message: `${field}: account ${number} "${account.name}" is not a deposit (Beholdning) account, which ${what} must be`,
        });
      }
    };
    if (!chosen.depositAccount) problems.push({ field: 'depositAccount', message: 'depositAccount is required' });
    checkDeposit('depositAccount', 'the card wallet');
    checkDeposit('outOfPocketAccount', 'the out-of-pocket account');
    checkDeposit('reimbursementAccount', 'the reimbursement account');
    checkDeposit('fundingAccount', 'the funding account');
    if (chosen.outOfPocketAccount && !chosen.reimbursementAccount) {
      problems.push({
        field: 'reimbursementAccount',
        message: 'reimbursementAccount is required when out-of-pocket expenses are used',
      });
    }
    if (chosen.reimbursementAccount && !chosen.outOfPocketAccount) {
      problems.push({
        field: 'outOfPocketAccount',
        message: 'outOfPocketAccount is required when a reimbursement account is chosen',
      });
    }
    if (chosen.outOfPocketAccount && chosen.outOfPocketAccount === chosen.depositAccount) {
      problems.push({ field: 'outOfPocketAccount', message: 'outOfPocketAccount must differ from depositAccount' });
    }
    // A top-up debits the wallet and credits the funding account: one account on both sides books nothing.
    if (chosen.fundingAccount && chosen.fundingAccount === chosen.depositAccount) {
      problems.push({ field: 'fundingAccount', message: 'fundingAccount must differ from depositAccount' });
    }
    return problems;
  }
}
