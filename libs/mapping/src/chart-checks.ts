import type { Account } from '@ledgerbridge/connector-sdk';
import type { AttentionReason, MappingContext, VatCode } from './mapping.types';
import { vatTreatmentProblem } from './vat';

/** Collects reasons once each: a category used on two lines is one cause, not two. */
export class Reasons {
  private readonly found = new Map<string, AttentionReason>();

  add(reason: AttentionReason): void {
    const key = `${reason.code}|${reason.field ?? ''}|${reason.message}`;
    if (!this.found.has(key)) this.found.set(key, Object.freeze({ ...reason }));
  }

  get list(): readonly AttentionReason[] {
    return Object.freeze([...this.found.values()]);
  }

  get any(): boolean {
    return this.found.size > 0;
  }
}

/** The synced account `number` when it exists and is active; otherwise records why not. */
export function usableAccount(
  context: MappingContext,
  number: string,
  field: string,
  reasons: Reasons,
): Account | undefined {
  const account = context.chart.accounts.find((candidate) => candidate.number === number);
  if (account === undefined) {
    reasons.add({
      code: 'account_unknown',
      message: `Account ${number} is not in the company's synced chart of accounts.`,
      field,
    });
    return undefined;
  }
  if (!account.active) {
    reasons.add({ code: 'account_inactive', message: `Account ${number} (${account.name}) is inactive.`, field });
    return undefined;
  }
  return account;
}

/** A setup account the rule needs; records `setup_incomplete` when it is not chosen. */
export function setupAccount(
  context: MappingContext,
  value: string | null | undefined,
  field: string,
  purpose: string,
  reasons: Reasons,
): Account | undefined {
  if (context.setup === null) {
    reasons.add({ code: 'setup_incomplete', message: 'The company has not saved its setup yet.', field: 'setup' });
    return undefined;
  }
  if (value === undefined || value === null || value.trim() === '') {
    reasons.add({ code: 'setup_incomplete', message: `The setup names no ${purpose}.`, field: `setup.${field}` });
    return undefined;
  }
  return usableAccount(context, value, `setup.${field}`, reasons);
}

// `none` is the contract's explicit no-VAT code (journal entries use it); a provider need not list it as a VAT type.
const NO_VAT: VatCode = Object.freeze({ code: 'none', name: 'No VAT', rateBasisPoints: 0, direction: 'none' });

/** The synced purchase (or no-VAT) code `code`, exact or differing only in case (Dinero: `none`/`NONE`). */
export function usableVatCode(
  context: MappingContext,
  code: string,
  field: string,
  reasons: Reasons,
): VatCode | undefined {
  const codes = context.chart.taxCodes;
  const vatCode =
    codes.find((candidate) => candidate.code === code) ??
    codes.find((candidate) => candidate.code.toLowerCase() === code.toLowerCase()) ??
    (NO_VAT.code === code.toLowerCase() ? NO_VAT : undefined);
  if (vatCode === undefined) {
    reasons.add({ code: 'vat_code_unknown', message: `VAT code ${code} is unknown to the provider.`, field });
    return undefined;
  }
  const problem = vatTreatmentProblem(vatCode);
  if (problem !== undefined) {
    reasons.add({ code: 'vat_code_unknown', message: `VAT code ${code} cannot be used: ${problem}`, field });
    return undefined;
  }
  if (vatCode.direction === 'sale') {
    reasons.add({
      code: 'vat_code_not_for_purchases',
      message: `VAT code ${code} (${vatCode.name}) is a sales VAT code; an expense needs a purchase code.`,
      field,
    });
    return undefined;
  }
  return vatCode;
}
