import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { DineroErrors } from '../core/dinero.errors';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { SandboxState } from '../state/sandbox.state';
import { DineroRequest, organizationIdOf } from './dinero-request';
import { TokenService } from './token.service';

// Bearer check, organization grant and paid plan, then the per organization and client id rate limit.
@Injectable()
export class DineroAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly state: SandboxState,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<DineroRequest>();
    const organizationId = organizationIdOf(request);
    const caller = this.tokens.authenticate(request.headers.authorization, organizationId, request.method);
    request.caller = caller;
    this.countRequest(request, caller.clientId, organizationId);
    return true;
  }

  private countRequest(request: DineroRequest, clientId: string, organizationId: number | null): void {
    const { rateLimit, rateWindowMs, retryAfterHeader } = this.options;
    const key = `${organizationId ?? 'none'}|${clientId}`;
    const at = this.options.now();
    const decision = this.state.rateLimits.hit(key, at, rateLimit, rateWindowMs);
    if (organizationId !== null && organizationId > 0) {
      const call = { at, method: request.method, path: request.path, clientId, admitted: decision.allowed };
      this.state.calls.record(organizationId, call);
    }
    if (decision.allowed) return;
    const seconds = Math.max(1, Math.ceil(decision.resetInMs / 1000));
    const headers: Record<string, string> = retryAfterHeader ? { 'Retry-After': String(seconds) } : {};
    throw DineroErrors.rateLimited(
      `API calls quota exceeded! maximum admitted ${rateLimit} per ${Math.round(rateWindowMs / 1000)}s.`,
      headers,
    );
  }
}
