import { createHash } from 'node:crypto';
import type { SandboxControlService } from '../control/sandbox-control.service';
import { PAGE_SCRIPT, PAGE_STYLE } from './organization-page.assets';

export type OrganizationHoldings = ReturnType<SandboxControlService['holdings']>;
type Voucher = OrganizationHoldings['drafts'][number];
type LedgerItem = OrganizationHoldings['ledgerItems'][number];

/** Names the read models leave out, looked up in the organization's chart, contacts and files. */
export interface PageLookups {
  accountName(accountNumber: number): string | null;
  contactName(contactGuid: string): string | null;
}

export interface PageSections {
  kladder: string;
  betalte: string;
  kassekladde: string;
  summary: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Every piece of text that came from a client or a seed goes through here, attributes included.
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

// Danish notation (1.234,50), computed from øre so no locale data or float noise is involved.
export function formatKroner(kroner: number): string {
  const ore = Math.round(kroner * 100);
  const whole = Math.floor(Math.abs(ore) / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = (Math.abs(ore) % 100).toString().padStart(2, '0');
  return `${ore < 0 ? '-' : ''}${whole},${cents}`;
}

export function pagePath(organizationId: number, leaf: string): string {
  return `/_sandbox/organizations/${organizationId}/${leaf}`;
}

const STATUS_LABELS: Record<string, string> = {
  Draft: 'Kladde',
  Paid: 'Betalt',
  Booked: 'Bogført',
  Deleted: 'Slettet',
  PendingBooking: 'Afventer bogføring',
};

function statusBadge(status: string): string {
  return (
    `<span class="badge badge-${escapeHtml(status)}" data-status="${escapeHtml(status)}">${escapeHtml(status)}</span>` +
    ` <span class="muted">${escapeHtml(STATUS_LABELS[status] ?? '')}</span>`
  );
}

function account(lookups: PageLookups, accountNumber: number | null): string {
  if (accountNumber === null) return '<span class="muted">—</span>';
  const name = lookups.accountName(accountNumber);
  return `<span class="num">${accountNumber}</span>${name ? ` <span class="muted">${escapeHtml(name)}</span>` : ''}`;
}

function amount(kroner: number): string {
  return `<span class="amount${kroner < 0 ? ' negative' : ''}">${formatKroner(kroner)}</span>`;
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileLink(holdings: OrganizationHoldings, fileGuid: string | null): string {
  if (!fileGuid) return '<span class="muted">intet bilag</span>';
  const file = holdings.files.find((candidate) => candidate.FileGuid === fileGuid);
  const href = pagePath(holdings.organization.id, `files/${encodeURIComponent(fileGuid)}`);
  const label = file ? `${file.Name} (${fileSize(file.Size)})` : fileGuid;
  return `<a class="receipt" href="${escapeHtml(href)}" target="_blank" rel="noopener">${escapeHtml(label)}</a>`;
}

function voucherTotal(voucher: Voucher): number {
  return voucher.VoucherTotals.find((total) => total.Type === 'Total')?.Total ?? 0;
}

function voucherLines(lookups: PageLookups, voucher: Voucher): string {
  if (voucher.Lines.length === 0) return '<span class="muted">ingen linjer</span>';
  const items = voucher.Lines.map(
    (line) =>
      `<li><div><span class="desc">${escapeHtml(line.Description ?? '(uden tekst)')}</span>` +
      `<div class="meta">${account(lookups, line.AccountNumber)} · moms ${escapeHtml(line.VatCode ?? '—')}</div></div>` +
      `<span class="line-amount">${formatKroner(line.AmountInclVatValue)}</span></li>`,
  );
  return `<ul class="lines">${items.join('')}</ul>`;
}

function paidFrom(lookups: PageLookups, voucher: Voucher): string {
  if (voucher.PurchaseType === 'credit') {
    const contact = voucher.ContactGuid ? lookups.contactName(voucher.ContactGuid) : null;
    return `Kredit: ${escapeHtml(contact ?? voucher.ContactGuid ?? 'ingen leverandør')}`;
  }
  return account(lookups, voucher.DepositAccountNumber);
}

function reference(voucher: Voucher): string {
  const ref = voucher.ExternalReference;
  // Short references stay on one line; long ones (up to 128 characters) may wrap anywhere.
  return ref
    ? `<code class="${ref.length <= 24 ? 'short' : 'long'}">${escapeHtml(ref)}</code>`
    : '<span class="muted">—</span>';
}

function emptyRow(columns: number, text: string): string {
  return `<tr class="empty"><td colspan="${columns}">${escapeHtml(text)}</td></tr>`;
}

function renderKladder(holdings: OrganizationHoldings, lookups: PageLookups): string {
  const rows = [...holdings.drafts]
    .reverse()
    .map(
      (voucher) =>
        `<tr data-key="${escapeHtml(voucher.Guid)}" data-guid="${escapeHtml(voucher.Guid)}">` +
        `<td class="nowrap">${escapeHtml(voucher.VoucherDate)}</td><td>${voucherLines(lookups, voucher)}</td>` +
        `<td class="right">${amount(voucherTotal(voucher))}</td><td>${paidFrom(lookups, voucher)}</td>` +
        `<td>${reference(voucher)}</td><td>${fileLink(holdings, voucher.FileGuid)}</td></tr>`,
    );
  return table(
    ['Dato', 'Beskrivelse', 'Beløb (kr.)', 'Betalt fra', 'Reference', 'Bilag'],
    rows.length > 0 ? rows.join('') : emptyRow(6, 'Ingen kladder endnu.'),
  );
}

function renderBetalte(holdings: OrganizationHoldings, lookups: PageLookups): string {
  const rows = [...holdings.bookedVouchers]
    .reverse()
    .map(
      (voucher) =>
        `<tr data-key="${escapeHtml(`${voucher.Guid}:${voucher.Status}`)}" data-guid="${escapeHtml(voucher.Guid)}">` +
        `<td class="num voucher-number">${escapeHtml(voucher.VoucherNumber ?? '—')}</td>` +
        `<td class="nowrap">${escapeHtml(voucher.VoucherDate)}</td><td>${voucherLines(lookups, voucher)}</td>` +
        `<td class="right">${amount(voucherTotal(voucher))}</td><td>${paidFrom(lookups, voucher)}</td>` +
        `<td>${statusBadge(voucher.Status)}<div class="muted small">${escapeHtml(voucher.BookedByType ?? '')}` +
        `${voucher.BookedByUsername ? ` · ${escapeHtml(voucher.BookedByUsername)}` : ''}</div></td>` +
        `<td>${reference(voucher)}</td><td>${fileLink(holdings, voucher.FileGuid)}</td></tr>`,
    );
  return table(
    ['Bilagsnr.', 'Dato', 'Beskrivelse', 'Beløb (kr.)', 'Betalt fra', 'Status', 'Reference', 'Bilag'],
    rows.length > 0 ? rows.join('') : emptyRow(8, 'Ingen bogførte bilag endnu.'),
  );
}

// One tbody per ledger item, one row per line, as Dinero's Kassekladde lists lines.
function ledgerItemBody(holdings: OrganizationHoldings, lookups: PageLookups, item: LedgerItem): string {
  const span = Math.max(1, item.Lines.length);
  const head =
    `<td rowspan="${span}" class="num voucher-number">${escapeHtml(item.VoucherNumber ?? '—')}</td>` +
    `<td rowspan="${span}" class="nowrap">${escapeHtml(item.VoucherDate)}</td>` +
    `<td rowspan="${span}">${statusBadge(item.Status)}</td>`;
  const tail = `<td rowspan="${span}">${fileLink(holdings, item.FileGuid)}</td>`;
  const lines = item.Lines.map((line, index) => {
    const cells =
      `<td>${escapeHtml(line.Description ?? '(uden tekst)')}</td>` +
      `<td>${account(lookups, line.AccountNumber)} <span class="muted small">${escapeHtml(line.AccountVatCode ?? '')}</span></td>` +
      `<td>${account(lookups, line.BalancingAccountNumber)} <span class="muted small">${escapeHtml(line.BalancingAccountVatCode ?? '')}</span></td>` +
      `<td class="right">${amount(line.Amount)}</td>`;
    return `<tr>${index === 0 ? head : ''}${cells}${index === 0 ? tail : ''}</tr>`;
  });
  const rows =
    lines.length > 0 ? lines.join('') : `<tr>${head}<td colspan="4" class="muted">ingen linjer</td>${tail}</tr>`;
  const key = `${item.Id}:${item.Status}:${item.Version}`;
  return `<tbody class="item" data-key="${escapeHtml(key)}" data-id="${escapeHtml(item.Id)}" data-status="${escapeHtml(item.Status)}">${rows}</tbody>`;
}

function renderKassekladde(holdings: OrganizationHoldings, lookups: PageLookups): string {
  const bodies = [...holdings.ledgerItems].reverse().map((item) => ledgerItemBody(holdings, lookups, item));
  const header = ['Bilagsnr.', 'Dato', 'Status', 'Tekst', 'Konto', 'Modkonto', 'Beløb (kr.)', 'Bilag'];
  const head = `<thead><tr>${header.map((label) => `<th>${label}</th>`).join('')}</tr></thead>`;
  return `<table>${head}${bodies.length > 0 ? bodies.join('') : `<tbody>${emptyRow(8, 'Kassekladden er tom.')}</tbody>`}</table>`;
}

function table(header: string[], rows: string): string {
  return `<table><thead><tr>${header.map((label) => `<th>${label}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

function renderSummary(holdings: OrganizationHoldings): string {
  const counts = [
    ['Kladder', holdings.drafts.length],
    ['Betalte', holdings.bookedVouchers.length],
    ['Kassekladde', holdings.ledgerItems.length],
    ['Filer', holdings.files.length],
    ['Posteringer', holdings.entryCount],
  ];
  return counts.map(([label, count]) => `<span class="count"><b>${count}</b> ${label}</span>`).join('');
}

export function renderSections(holdings: OrganizationHoldings, lookups: PageLookups): PageSections {
  return {
    kladder: renderKladder(holdings, lookups),
    betalte: renderBetalte(holdings, lookups),
    kassekladde: renderKassekladde(holdings, lookups),
    summary: renderSummary(holdings),
  };
}

// Lets the polling script skip the DOM when nothing changed, so the page never flickers.
export function fingerprint(sections: PageSections): string {
  return createHash('sha256').update(JSON.stringify(sections)).digest('hex').slice(0, 16);
}

export function renderPage(holdings: OrganizationHoldings, sections: PageSections, nonce: string): string {
  const { organization } = holdings;
  const feed = pagePath(organization.id, 'page.json');
  const title = `${organization.name} (${organization.id}) — Dinero sandbox`;
  const section = (id: keyof PageSections, heading: string, hint: string) =>
    `<section aria-labelledby="h-${id}"><h2 id="h-${id}">${heading} <span class="muted small">${hint}</span></h2>` +
    `<div id="${id}" class="section-body">${sections[id]}</div></section>`;
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${PAGE_STYLE}</style>
</head>
<body data-feed="${escapeHtml(feed)}" data-fingerprint="${fingerprint(sections)}">
<header>
<div><h1>${escapeHtml(organization.name)}</h1>
<div class="muted">Organisation ${organization.id} · ${holdings.organization.paid ? 'Pro (betalt)' : 'Gratis (ingen API-adgang)'} · kun visning</div></div>
<div class="right"><div id="summary">${sections.summary}</div><div id="live" class="muted small" data-state="idle">Opdateres hvert sekund</div></div>
</header>
<main>
${section('kladder', 'Kladder', 'købsbilag der venter på godkendelse')}
${section('betalte', 'Betalte', 'bogførte købsbilag')}
${section('kassekladde', 'Kassekladde', 'posteringer: Draft → PendingBooking → Booked')}
</main>
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>`;
}
