import { randomBytes } from 'node:crypto';
import { Controller, Get, Header, NotFoundException, Param, ParseIntPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SandboxControlService } from '../control/sandbox-control.service';
import { SandboxState } from '../state/sandbox.state';
import { escapeHtml, fingerprint, PageLookups, renderPage, renderSections } from './organization-page.view';

// Receipts are served from the page's own origin, so nosniff keeps an uploaded "image" from ever running as HTML.
const FILE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

// Defence in depth behind the escaping: only the page's own nonce-tagged script and style may run.
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// A read-only web page per organization (Kladder, Betalte, Kassekladde) for people watching exports land.
@ApiTags('sandbox page')
@Controller('_sandbox/organizations/:id')
export class OrganizationPageController {
  constructor(
    private readonly state: SandboxState,
    private readonly control: SandboxControlService,
  ) {}

  private lookups(id: number): PageLookups {
    return {
      accountName: (accountNumber) => this.state.chart.account(id, accountNumber)?.name ?? null,
      contactName: (contactGuid) => this.state.contacts.get(id, contactGuid)?.name ?? null,
    };
  }

  @Get('page')
  @ApiOperation({
    summary: 'Read-only web page: Kladder, Betalte (with receipts) and Kassekladde; refreshes itself every second',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Server-rendered HTML; 404 (HTML) for an unknown organization' })
  page(@Param('id', ParseIntPipe) id: number, @Res() response: Response): void {
    response.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    if (!this.state.organizations.get(id)) {
      response
        .status(404)
        .type('html')
        .set('Content-Security-Policy', "default-src 'none'")
        .send(
          `<!doctype html><html lang="da"><meta charset="utf-8"><title>Ikke fundet</title><h1>Organisation ${escapeHtml(id)} findes ikke i sandkassen.</h1></html>`,
        );
      return;
    }
    const holdings = this.control.holdings(id);
    const nonce = randomBytes(16).toString('base64');
    response
      .set('Content-Security-Policy', contentSecurityPolicy(nonce))
      .type('html')
      .send(renderPage(holdings, renderSections(holdings, this.lookups(id)), nonce));
  }

  @Get('page.json')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The page's sections as escaped HTML fragments plus a fingerprint; the page polls it" })
  pageData(@Param('id', ParseIntPipe) id: number) {
    const holdings = this.control.holdings(id);
    const sections = renderSections(holdings, this.lookups(id));
    return {
      organizationId: id,
      fingerprint: fingerprint(sections),
      counts: {
        drafts: holdings.drafts.length,
        bookedVouchers: holdings.bookedVouchers.length,
        ledgerItems: holdings.ledgerItems.length,
      },
      sections,
    };
  }

  @Get('files/:fileGuid')
  @ApiOperation({ summary: 'The bytes of an uploaded receipt with its content type (the page links here)' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  file(
    @Param('id', ParseIntPipe) id: number,
    @Param('fileGuid') fileGuid: string,
    @Res({ passthrough: true }) response: Response,
  ): StreamableFile {
    this.control.organization(id);
    const file = this.state.files.get(id, fileGuid);
    if (!file) throw new NotFoundException(`File ${fileGuid} does not exist in organization ${id}.`);
    response.set(FILE_HEADERS);
    // RFC 5987 form: a receipt's name may hold quotes or non-ASCII letters that a plain header cannot carry.
    const disposition = `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`;
    return new StreamableFile(file.bytes, { type: file.contentType, length: file.size, disposition });
  }
}
