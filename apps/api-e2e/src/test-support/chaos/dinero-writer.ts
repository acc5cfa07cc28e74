import { e2eEnv } from '../e2e-env';
import { sandboxToken } from '../sandbox';

/** Writes documents through the sandbox's Dinero API, as the plugin would, so a spec can lay out known books. */
export class DineroWriter {
  private constructor(
    private readonly organizationId: string,
    private readonly token: string,
    private readonly baseUrl: string,
  ) {}

  static async connect(
    organization: { id: string; apiKey: string },
    baseUrl = e2eEnv().sandboxUrl,
  ): Promise<DineroWriter> {
    // The seed integration; a spec writes to an organization of its own, so the quota spent is its own.
    const token = await sandboxToken(organization.apiKey, baseUrl);
    return new DineroWriter(organization.id, token, baseUrl);
  }

  private async send<T>(path: string, init: RequestInit): Promise<T> {
    const res = await fetch(`${this.baseUrl}/${path.replace('{org}', this.organizationId)}`, {
      ...init,
      headers: { Authorization: `Bearer ${this.token}`, ...init.headers },
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Dinero ${init.method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private json<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** POST /v1/{org}/files: the receipt's FileGuid. */
  async upload(bytes: Buffer, name = 'kvittering.png', contentType = 'image/png'): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), name);
    const answer = await this.send<{ FileGuid: string }>('v1/{org}/files', { method: 'POST', body: form });
    return answer.FileGuid;
  }

  /** POST /v1.2/{org}/vouchers/purchase: a cash purchase voucher draft. */
  createCashVoucher(body: {
    VoucherDate: string;
    DepositAccountNumber: number;
    ExternalReference: string;
    FileGuid?: string;
    Lines: Array<{ AccountNumber: number; Amount: number; VatCode: string; Description: string }>;
  }): Promise<{ Guid: string }> {
    return this.json('v1.2/{org}/vouchers/purchase', { PurchaseType: 'cash', ...body });
  }

  /** POST /v1.2/{org}/ledgeritems: Kassekladde items with our own Ids. */
  createLedgerItems(
    items: Array<{
      Id: string;
      VoucherDate: string;
      FileGuid?: string;
      Lines: Array<{
        Description: string;
        Amount: number;
        AccountNumber: number;
        AccountVatCode: string | null;
        BalancingAccountNumber: number;
        BalancingAccountVatCode: string | null;
      }>;
    }>,
  ): Promise<unknown> {
    return this.json('v1.2/{org}/ledgeritems', items);
  }

  /** POST /v1/{org}/ledgeritems/book: the items turn PendingBooking, then Booked. */
  bookLedgerItems(ids: string[]): Promise<unknown> {
    return this.json(
      'v1/{org}/ledgeritems/book',
      ids.map((Id) => ({ Id })),
    );
  }
}
