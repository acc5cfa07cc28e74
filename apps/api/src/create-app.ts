import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { validationFailed } from './http/api-errors';
import { requestId } from './http/request-id';
import { setupSwagger } from './swagger/swagger.setup';

/** Body-parser failures happen before Nest's filters run, so they get the common error shape here. */
function bodyErrors(err: Error & { status?: number; type?: string }, req: Request, res: Response, next: NextFunction) {
  if (!err.status || err.status >= 500) return next(err);
  const message = err.type === 'entity.too.large' ? 'The request body is too large.' : 'The request body is not valid JSON.';
  res.status(err.status).json({
    statusCode: err.status,
    error: err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
    message,
    requestId: String((req as Request & { id?: string }).id ?? ''),
  });
}

export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use(requestId);
  // No upgrade-insecure-requests: the host is often reached over plain http on localhost, and the browser would
  // then ask for Swagger UI's scripts over https and get nothing.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(express.json({ limit: '1mb' }));
  app.use(bodyErrors);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationFailed,
    }),
  );
  setupSwagger(app);
  return app;
}
