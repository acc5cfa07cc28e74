import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DEFAULT_OPTIONS, SandboxOptions } from './config/sandbox.config';
import { RunningOptions } from './config/sandbox.tokens';
import { ControlModule } from './control/control.module';
import { DineroExceptionFilter } from './core/dinero-exception.filter';
import { SandboxModule } from './sandbox.module';
import { loadDefaultSeed } from './seed/seed.loader';
import { SandboxState } from './state/sandbox.state';

export interface SandboxApp {
  app: INestApplication;
  state: SandboxState;
  options: RunningOptions;
}

// Builds the sandbox without listening, so tests drive it in-process and main.ts only adds a port.
export async function createSandboxApp(overrides: Partial<SandboxOptions> = {}): Promise<SandboxApp> {
  const merged = { ...DEFAULT_OPTIONS, ...overrides };
  const options: RunningOptions = { ...merged, now: merged.now ?? Date.now, random: merged.random ?? Math.random };
  const state = new SandboxState(merged.seed ?? loadDefaultSeed(), options.now);
  const app = await NestFactory.create<NestExpressApplication>(SandboxModule.register(options, state), {
    logger: merged.logger ? ['log', 'warn', 'error'] : false,
    bodyParser: false,
  });
  // 1000 ledger items in one request exceed Express's 100 kB default.
  app.useBodyParser('json', { limit: '20mb' });
  app.useBodyParser('urlencoded', { extended: true, limit: '1mb' });
  app.useGlobalFilters(new DineroExceptionFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dinero sandbox — control surface')
      .setDescription(
        'Organizations, integrations, API keys, accountant actions, state and faults. The Dinero API itself is documented by Dinero.',
      )
      .setVersion('1')
      .build(),
    { include: [ControlModule] },
  );
  SwaggerModule.setup('_sandbox/docs', app, document);
  await app.init();
  return { app, state, options };
}
