import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledgerbridge/audit';
import type {
  ReimbursementSource,
  TransactionEntity,
  TransactionKind,
  TransactionLine,
} from '@ledgerbridge/persistence';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { FieldError } from '../http/api-errors';
import { isCalendarDate } from './calendar-date';
import { TransactionItemDto } from './transaction.dto';

/** What a transaction is: every field the platform sends, absent ones as null. Its hash decides unchanged/conflict. */
export interface TransactionContent {
  kind: TransactionKind;
  bookedOn: string;
  amount: number;
  currency: string;
  settledAmount: number | null;
  exchangeRate: string | null;
  merchant: string | null;
  description: string | null;
  employeeId: string | null;
  employeeName: string | null;
  categoryKey: string | null;
  taxCode: string | null;
  lines: TransactionLine[] | null;
  paidFrom: ReimbursementSource | null;
}

type Field = Exclude<keyof TransactionItemDto, 'platformId' | 'kind'>;
const COMMON: Field[] = ['bookedOn', 'amount', 'currency', 'description'];
const EXPENSE: Field[] = [
  ...COMMON,
  'merchant',
  'employeeId',
  'employeeName',
  'categoryKey',
  'taxCode',
  'lines',
  'settledAmount',
  'exchangeRate',
];
/** The fields each kind takes, and of those the ones it must have. */
const FIELDS: Record<TransactionKind, { takes: Field[]; needs: Field[] }> = {
  card_expense: { takes: EXPENSE, needs: ['merchant', 'description', 'employeeId', 'employeeName', 'categoryKey'] },
  out_of_pocket_expense: {
    takes: EXPENSE,
    needs: ['merchant', 'description', 'employeeId', 'employeeName', 'categoryKey'],
  },
  reimbursement: {
    takes: [...COMMON, 'employeeId', 'employeeName', 'paidFrom'],
    needs: ['employeeId', 'employeeName', 'paidFrom'],
  },
  wallet_top_up: { takes: COMMON, needs: [] },
};

export type Judged =
  | { ok: true; platformId: string; content: TransactionContent }
  | { ok: false; platformId: string | null; fields: FieldError[] };

export interface CompanyFacts {
  baseCurrency: string;
  categoryKeys: ReadonlySet<string>;
}

/** Field paths as the request spells them: `items[3].lines[1].amount`. */
function paths(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...paths(e.children ?? [], field)];
  });
}

/** Validates one item of a batch on its own; answers its content, or every field at fault, named by its path. */
export function judgeItem(raw: unknown, index: number, company: CompanyFacts): Judged {
  const at = `items[${index}]`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, platformId: null, fields: [{ field: at, message: `${at} must be an object` }] };
  const rawId = (raw as Record<string, unknown>)['platformId'];
  const platformId = typeof rawId === 'string' ? rawId : null;
  const item = plainToInstance(TransactionItemDto, raw);
  const fields = paths(validateSync(item, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }), at);
  // class-validator validates an array inside `lines` as its elements, so [[]] would pass as a line of nothing.
  const rawLines = (raw as Record<string, unknown>)['lines'];
  if (Array.isArray(rawLines))
    rawLines.forEach((l, i) => {
      if (Array.isArray(l)) fields.push({ field: `${at}.lines[${i}]`, message: `lines[${i}] must be an object` });
    });
  const rules = FIELDS[item.kind] as (typeof FIELDS)[TransactionKind] | undefined;
  if (rules) {
    const given = (f: Field) => (raw as Record<string, unknown>)[f] !== undefined;
    for (const f of new Set([...EXPENSE, ...FIELDS.reimbursement.takes])) {
      if (given(f) && !rules.takes.includes(f))
        fields.push({ field: `${at}.${f}`, message: `${f} is not a field of a ${item.kind}` });
    }
    for (const f of rules.needs) {
      if (!given(f)) fields.push({ field: `${at}.${f}`, message: `${f} is required for a ${item.kind}` });
    }
    fields.push(...businessRules(item, at, company));
  }
  if (typeof item.bookedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(item.bookedOn) && !isCalendarDate(item.bookedOn))
    fields.push({ field: `${at}.bookedOn`, message: `bookedOn ${item.bookedOn} is not a calendar date` });
  if (fields.length > 0) return { ok: false, platformId, fields };
  return { ok: true, platformId: item.platformId, content: contentOf(item) };
}

function businessRules(item: TransactionItemDto, at: string, company: CompanyFacts): FieldError[] {
  const problems: FieldError[] = [];
  const expense = item.kind === 'card_expense' || item.kind === 'out_of_pocket_expense';
  const foreign = typeof item.currency === 'string' && item.currency !== company.baseCurrency;
  const amountOk = Number.isSafeInteger(item.amount);
  if (amountOk && item.amount === 0) problems.push({ field: `${at}.amount`, message: 'amount must not be 0' });
  if (!expense && amountOk && item.amount < 0)
    problems.push({ field: `${at}.amount`, message: `amount of a ${item.kind} must be positive` });
  if (!expense && foreign)
    problems.push({
      field: `${at}.currency`,
      message: `a ${item.kind} is paid in the books' currency ${company.baseCurrency}, not ${item.currency}`,
    });
  if (expense) {
    const pair: Field[] = ['settledAmount', 'exchangeRate'];
    for (const f of pair) {
      if (item[f] !== undefined && !foreign)
        problems.push({
          field: `${at}.${f}`,
          message: `${f} is only for an expense in a currency other than the books' ${company.baseCurrency}`,
        });
    }
    if (foreign && (item.settledAmount === undefined) !== (item.exchangeRate === undefined)) {
      const missing = item.settledAmount === undefined ? 'settledAmount' : 'exchangeRate';
      problems.push({ field: `${at}.${missing}`, message: 'settledAmount and exchangeRate come together' });
    }
    if (
      Number.isSafeInteger(item.settledAmount) &&
      amountOk &&
      Math.sign(item.settledAmount as number) !== Math.sign(item.amount)
    )
      problems.push({ field: `${at}.settledAmount`, message: 'settledAmount must have the sign of amount' });
    if (item.exchangeRate !== undefined && /^0*(\.0*)?$/.test(item.exchangeRate))
      problems.push({ field: `${at}.exchangeRate`, message: 'exchangeRate must be above 0' });
    const unknownCategory = (key: unknown, field: string) => {
      if (typeof key === 'string' && !company.categoryKeys.has(key))
        problems.push({ field, message: `category "${key}" is not one of the company's categories` });
    };
    unknownCategory(item.categoryKey, `${at}.categoryKey`);
    if (Array.isArray(item.lines)) {
      item.lines.forEach((l, i) => unknownCategory(l?.categoryKey, `${at}.lines[${i}].categoryKey`));
      const amounts = item.lines.map((l) => l?.amount);
      if (amountOk && amounts.every((a) => Number.isSafeInteger(a))) {
        const sum = amounts.reduce((s: number, a) => s + (a as number), 0);
        if (sum !== item.amount)
          problems.push({
            field: `${at}.lines`,
            message: `the lines add up to ${sum}, not to the amount ${item.amount} (minor units)`,
          });
      }
    }
  }
  return problems;
}

function contentOf(item: TransactionItemDto): TransactionContent {
  return {
    kind: item.kind,
    bookedOn: item.bookedOn,
    amount: item.amount,
    currency: item.currency,
    settledAmount: item.settledAmount ?? null,
    exchangeRate: item.exchangeRate ?? null,
    merchant: item.merchant ?? null,
    description: item.description ?? null,
    employeeId: item.employeeId ?? null,
    employeeName: item.employeeName ?? null,
    categoryKey: item.categoryKey ?? null,
    taxCode: item.taxCode ?? null,
    lines:
      item.lines?.map((l) => ({ categoryKey: l.categoryKey, taxCode: l.taxCode ?? null, amount: l.amount })) ?? null,
    paidFrom: item.paidFrom ?? null,
  };
}

export function storedContent(t: TransactionEntity): TransactionContent {
  return {
    kind: t.kind,
    bookedOn: t.bookedOn,
    amount: t.amount,
    currency: t.currency,
    settledAmount: t.settledAmount,
    exchangeRate: t.exchangeRate,
    merchant: t.merchant,
    description: t.description,
    employeeId: t.employeeId,
    employeeName: t.employeeName,
    categoryKey: t.categoryKey,
    taxCode: t.taxCode,
    lines: t.lines,
    paidFrom: t.paidFrom,
  };
}

export const contentHash = (c: TransactionContent) => createHash('sha256').update(canonicalJson(c)).digest('hex');

/** The fields whose values differ between what is stored and what was sent. */
export function differingFields(stored: TransactionContent, sent: TransactionContent): string[] {
  return (Object.keys(sent) as Array<keyof TransactionContent>).filter(
    (k) => canonicalJson(stored[k]) !== canonicalJson(sent[k]),
  );
}
