import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { OAuthError } from '../core/dinero.errors';
import { SandboxState } from '../state/sandbox.state';
import { Form, TokenResponse, TokenService } from './token.service';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function organizationIdsOf(raw: string | string[] | undefined): number[] {
  const parts = (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((part) => part.split(','));
  return parts
    .map((part) => part.trim())
    .filter((part) => /^\d+$/.test(part))
    .map(Number);
}

type AuthorizeParams = Record<string, string | string[] | undefined>;

// connect.visma.com's authorization-code flow, served on the sandbox's port under the same paths.
@ApiExcludeController()
@Controller('connect')
export class VismaConnectController {
  constructor(
    private readonly tokens: TokenService,
    private readonly state: SandboxState,
  ) {}

  // The consent page; automated callers skip it with organizations=<ids>&consent=yes.
  @Get('authorize')
  authorize(@Query() query: AuthorizeParams, @Res() response: Response): void {
    const params = this.checkParams(query);
    if (query['consent'] === 'yes') return this.grant(params, organizationIdsOf(query['organizations']), response);
    const hidden = Object.entries(params)
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
      .join('');
    const choices = this.state.organizations
      .all()
      .map(
        (o) =>
          `<label><input type="checkbox" name="organizations" value="${o.id}"> ${escapeHtml(o.name)} (${o.id})</label><br>`,
      )
      .join('');
    response
      .type('html')
      .send(
        `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Visma Connect (sandbox)</title></head><body>` +
          `<h1>Giv adgang til Dinero</h1><p>${escapeHtml(params['client_id'])} beder om adgang til:</p>` +
          `<form method="post" action="/connect/authorize">${hidden}${choices}<input type="hidden" name="consent" value="yes">` +
          `<button type="submit">Tillad</button></form></body></html>`,
      );
  }

  @Post('authorize')
  consent(@Body() form: AuthorizeParams, @Res() response: Response): void {
    const params = this.checkParams(form);
    if (form['consent'] !== 'yes') return this.redirect(response, params, { error: 'access_denied' });
    this.grant(params, organizationIdsOf(form['organizations']), response);
  }

  @Post('token')
  @HttpCode(200)
  token(@Headers('authorization') authorization: string | undefined, @Body() form: Form): TokenResponse {
    return this.tokens.connectToken(authorization, form ?? {});
  }

  private checkParams(source: AuthorizeParams): Record<string, string> {
    const text = (name: string) => (typeof source[name] === 'string' ? (source[name] as string) : '');
    if (text('response_type') !== 'code')
      throw new OAuthError(400, 'unsupported_response_type', 'Only response_type=code is supported.');
    if (!text('client_id') || !text('redirect_uri'))
      throw new OAuthError(400, 'invalid_request', 'client_id and redirect_uri are required.');
    if (!URL.canParse(text('redirect_uri')))
      throw new OAuthError(400, 'invalid_request', 'redirect_uri must be an absolute URL.');
    return {
      response_type: 'code',
      client_id: text('client_id'),
      redirect_uri: text('redirect_uri'),
      scope: text('scope'),
      state: text('state'),
    };
  }

  private grant(params: Record<string, string>, organizationIds: number[], response: Response): void {
    const code = this.tokens.grantCode(params['client_id'], params['redirect_uri'], params['scope'], organizationIds);
    this.redirect(response, params, { code });
  }

  private redirect(response: Response, params: Record<string, string>, extra: Record<string, string>): void {
    const target = new URL(params['redirect_uri']);
    for (const [name, value] of Object.entries(extra)) target.searchParams.set(name, value);
    if (params['state']) target.searchParams.set('state', params['state']);
    response.redirect(302, target.toString());
  }
}
