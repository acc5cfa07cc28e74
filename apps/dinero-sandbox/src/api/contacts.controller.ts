import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { DineroApi, OrganizationId } from '../auth/dinero-api.decorator';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { DineroErrors } from '../core/dinero.errors';
import { projectFields } from '../core/field.projection';
import { QueryValue, single } from '../core/query.params';
import { RequestBodyReader } from '../core/request-body.reader';
import type { Contact } from '../state/contact.store';
import { SandboxState } from '../state/sandbox.state';

const MAX_PAGE_SIZE = 1000;
const FILTER = /^\s*(\w+)\s+(eq|contains)\s+'(.*)'\s*$/i;

function readModel(contact: Contact) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    ContactGuid: contact.guid,
    CreatedAt: iso(contact.createdAt),
    UpdatedAt: iso(contact.updatedAt),
    DeletedAt: iso(contact.deletedAt),
    IsDebitor: false,
    IsCreditor: true,
    CompanyStatus: null,
    VatRegionKey: contact.countryKey === 'DK' ? 'DK' : null,
    ExternalReference: contact.externalReference,
    Name: contact.name,
    Street: null,
    ZipCode: null,
    City: null,
    CountryKey: contact.countryKey,
    Phone: null,
    Email: contact.email,
    Webpage: null,
    AttPerson: null,
    VatNumber: contact.vatNumber,
    EanNumber: null,
    SENumber: null,
    PNumber: null,
    PaymentConditionType: null,
    PaymentConditionNumberOfDays: null,
    IsPerson: contact.isPerson,
    IsMember: contact.isMember,
    MemberNumber: null,
    UseCvr: contact.useCvr,
    CompanyTypeKey: null,
    InvoiceMailOutOptionKey: null,
    PreferredInvoiceLanguageKey: null,
    PreferredInvoiceCurrencyKey: null,
  };
}

type ContactRow = ReturnType<typeof readModel>;

const CONTACT_FIELDS = Object.keys(
  readModel({
    guid: '',
    organizationId: 0,
    name: '',
    countryKey: 'DK',
    isPerson: false,
    isMember: false,
    useCvr: false,
    vatNumber: null,
    email: null,
    externalReference: null,
    createdAt: 0,
    updatedAt: 0,
    deletedAt: null,
  }),
) as (keyof ContactRow)[];

// queryFilter: `Field eq 'v'` or `Field contains 'v'`, joined by `;` (API.md).
function filterOf(queryFilter: string | undefined): (row: ContactRow) => boolean {
  if (!queryFilter) return () => true;
  const tests = queryFilter.split(';').map((part) => {
    const match = FILTER.exec(part);
    if (!match) throw DineroErrors.validation('queryFilter', `Cannot read filter "${part}"`);
    const [, field, operator, value] = match;
    const key = CONTACT_FIELDS.find((k) => k.toLowerCase() === field.toLowerCase());
    if (!key) throw DineroErrors.validation('queryFilter', `Unknown field ${field}`);
    return (row: ContactRow) => {
      const text = String(row[key] ?? '').toLowerCase();
      return operator.toLowerCase() === 'eq' ? text === value.toLowerCase() : text.includes(value.toLowerCase());
    };
  });
  return (row) => tests.every((test) => test(row));
}

@DineroApi()
@Controller()
export class ContactsController {
  constructor(
    private readonly state: SandboxState,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  @Get(['v1/:organizationId/contacts', 'v2/:organizationId/contacts'])
  list(
    @OrganizationId() organizationId: number,
    @Query('fields') fields?: QueryValue,
    @Query('queryFilter') queryFilterGiven?: QueryValue,
    @Query('changesSince') changesSinceGiven?: QueryValue,
    @Query('deletedOnly') deletedOnlyGiven?: QueryValue,
    @Query('page') page?: QueryValue,
    @Query('pageSize') pageSize?: QueryValue,
  ) {
    const [queryFilter, changesSince] = [
      single('queryFilter', queryFilterGiven),
      single('changesSince', changesSinceGiven),
    ];
    const deletedOnly = (single('deletedOnly', deletedOnlyGiven) ?? 'false').toLowerCase();
    if (deletedOnly !== 'true' && deletedOnly !== 'false')
      throw DineroErrors.validation('deletedOnly', 'Expected true or false');
    const [pageNumber, size] = [Number(single('page', page) ?? '0'), Number(single('pageSize', pageSize) ?? '100')];
    if (!Number.isInteger(pageNumber) || pageNumber < 0)
      throw DineroErrors.validation('page', 'Expected a 0-based page number');
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
      throw DineroErrors.validation('pageSize', `Must be 1–${MAX_PAGE_SIZE}`);
    const since = changesSince ? Date.parse(changesSince) : -Infinity;
    if (Number.isNaN(since)) throw DineroErrors.validation('changesSince', 'Expected a UTC timestamp');
    const all = this.state.contacts
      .all(organizationId)
      .filter((c) => (deletedOnly === 'true') === (c.deletedAt !== null));
    const matching = all
      .filter((c) => c.updatedAt >= since)
      .map(readModel)
      .filter(filterOf(queryFilter));
    return {
      Collection: projectFields(matching.slice(pageNumber * size, (pageNumber + 1) * size), fields, 'name,contactGuid'),
      Pagination: {
        MaxPageSizeAllowed: MAX_PAGE_SIZE,
        PageSize: size,
        Result: matching.length,
        ResultWithoutFilter: all.length,
        Page: pageNumber,
      },
    };
  }

  @Get('v1/:organizationId/contacts/:guid')
  read(@OrganizationId() organizationId: number, @Param('guid') guid: string) {
    const contact = this.state.contacts.get(organizationId, guid);
    if (!contact) throw DineroErrors.notFound('Contact');
    return readModel(contact);
  }

  @Post('v1/:organizationId/contacts')
  @HttpCode(200)
  create(@OrganizationId() organizationId: number, @Body() body: unknown) {
    const reader = RequestBodyReader.of(body);
    const name = reader.string('Name', { required: true, minLength: 1 });
    const countryKey = reader.string('CountryKey', { required: true, minLength: 1 });
    const isPerson = reader.boolean('IsPerson');
    const isMember = reader.boolean('IsMember');
    const useCvr = reader.boolean('UseCvr');
    for (const [field, value] of [
      ['IsPerson', isPerson],
      ['IsMember', isMember],
      ['UseCvr', useCvr],
    ] as const) {
      if (value === null) reader.fail(field, 'The field is required');
    }
    const guid = reader.string('ContactGuid');
    const externalReference = reader.string('ExternalReference', { maxLength: 128 });
    const vatNumber = reader.string('VatNumber');
    const email = reader.string('Email');
    reader.throwIfInvalid();
    if (guid && this.state.contacts.get(organizationId, guid)) throw DineroErrors.duplicated(guid);
    const now = this.options.now();
    const contact = this.state.contacts.add({
      guid: guid ?? undefined,
      organizationId,
      name: name ?? '',
      countryKey: countryKey ?? 'DK',
      isPerson: isPerson ?? false,
      isMember: isMember ?? false,
      useCvr: useCvr ?? false,
      vatNumber,
      email,
      externalReference,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    return { ContactGuid: contact.guid };
  }
}
