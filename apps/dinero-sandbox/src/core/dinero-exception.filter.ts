import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DineroError, DineroErrors, OAuthError } from './dinero.errors';

export const CONTROL_PREFIX = '/_sandbox';

// One place turns every failure into the body its surface uses: Dinero's, OAuth's, or Nest's for the control surface.
@Catch()
export class DineroExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DineroSandbox');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent || response.writableEnded) return;
    if (exception instanceof OAuthError) {
      response.status(exception.status).json({ error: exception.error, error_description: exception.description });
      return;
    }
    if (request.path.startsWith(CONTROL_PREFIX) && !(exception instanceof DineroError)) {
      const status = exception instanceof HttpException ? exception.getStatus() : 500;
      const body =
        exception instanceof HttpException ? exception.getResponse() : { statusCode: 500, message: String(exception) };
      if (status === 500)
        this.logger.error(`Control call ${request.method} ${request.path} failed: ${String(exception)}`);
      response.status(status).json(body);
      return;
    }
    const error = this.toDinero(exception, request);
    response.status(error.status).set(error.headers).json(error.body);
  }

  private toDinero(exception: unknown, request: Request): DineroError {
    if (exception instanceof DineroError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return DineroErrors.routeNotFound();
      if (status === 400) return DineroErrors.badRequest(exception.message);
      return DineroErrors.server(status, exception.message);
    }
    this.logger.error(`Dinero call ${request.method} ${request.path} failed: ${String(exception)}`);
    return DineroErrors.server(500, 'An unexpected error occurred.');
  }
}
