import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from './principal';

export const IS_PUBLIC = 'auth:public';
export const ADMIN_ONLY = 'auth:admin-only';

/** Reachable without a key: health checks only. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Company keys are refused (403) even on their own company's route: the route manages the tenant itself. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<{ user: Principal }>().user,
);
