import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, mergeMap, Observable } from 'rxjs';
import { DineroRequest } from '../auth/dinero-request';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { DineroErrors } from '../core/dinero.errors';
import { SandboxState } from '../state/sandbox.state';
import { HangingRequests } from './hanging-requests';

// Applies an organization's injected faults around a Dinero call; see the README's fault table.
@Injectable()
export class FaultInterceptor implements NestInterceptor {
  constructor(
    private readonly state: SandboxState,
    private readonly hanging: HangingRequests,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<DineroRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const organizationId = request.caller?.organizationId ?? null;
    // An organization without fault rules answers as if there were no interceptor: no promise, no operator chain.
    if (organizationId === null || this.state.faults.get(organizationId).length === 0) return next.handle();
    return from(this.before(organizationId, request, response)).pipe(
      mergeMap(() => next.handle()),
      mergeMap((value) => from(this.after(organizationId, request, response, value))),
    );
  }

  private fire(organizationId: number, request: DineroRequest, kind: Parameters<SandboxState['faults']['fire']>[1]) {
    return this.state.faults.fire(organizationId, kind, request.path, request.method, this.options.random);
  }

  private async before(organizationId: number, request: DineroRequest, response: Response): Promise<void> {
    const latency = this.fire(organizationId, request, 'latency');
    if (latency?.latencyMs) await new Promise((resolve) => setTimeout(resolve, latency.latencyMs));
    if (this.fire(organizationId, request, 'brownout')) {
      throw DineroErrors.server(480, 'This endpoint is being retired; brownout in progress.', 480);
    }
    const error = this.fire(organizationId, request, 'error');
    if (error) {
      throw error.status === 503
        ? DineroErrors.server(503, 'Service unavailable.')
        : DineroErrors.server(500, 'An unexpected error occurred.');
    }
    if (this.fire(organizationId, request, 'timeout')) await this.hanging.hang(response);
  }

  private async after(
    organizationId: number,
    request: DineroRequest,
    response: Response,
    value: unknown,
  ): Promise<unknown> {
    const commit = this.fire(organizationId, request, 'commitThenFail');
    if (!commit) return value;
    if (commit.mode === 'hang') return this.hanging.hang(response);
    throw DineroErrors.server(500, 'An unexpected error occurred.');
  }
}
