import { applyDecorators, createParamDecorator, ExecutionContext, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FaultInterceptor } from '../faults/fault.interceptor';
import { DineroAuthGuard } from './dinero-auth.guard';
import { DineroRequest } from './dinero-request';

// Every Dinero controller: bearer auth and rate limit, then injected faults; kept out of the control Swagger.
export function DineroApi(): ClassDecorator {
  return applyDecorators(UseGuards(DineroAuthGuard), UseInterceptors(FaultInterceptor), ApiExcludeController());
}

// The organization the guard has already checked the token against.
export const OrganizationId = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const caller = context.switchToHttp().getRequest<DineroRequest>().caller;
  if (!caller || caller.organizationId === null)
    throw new Error('OrganizationId used on a route without an organization.');
  return caller.organizationId;
});
