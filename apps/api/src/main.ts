import 'reflect-metadata';
import { ConfigurationError, loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { beforeStart, closeOnSignals, SchemaNotReadyError } from './lifecycle/lifecycle';
import { ProviderConfigurationError } from '@ledgerbridge/connector-sdk';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await beforeStart(config, say);
  const app = await createApp(config);
  closeOnSignals(app, config.shutdownGraceSeconds, say);
  if (config.servesHttp) {
    await app.listen(config.port);
    const base = `http://localhost:${config.port}`;
    process.stdout.write(`LedgerBridge (${config.role}) is listening on ${base}; Swagger UI at ${base}/docs\n`);
  } else {
    await app.init();
    process.stdout.write('LedgerBridge worker is running (ROLE=worker); it serves no HTTP.\n');
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((err: unknown) => {
  // A bad configuration stops the process with a message that names the variable, never with a stack trace.
  if (
    err instanceof ConfigurationError ||
    err instanceof ProviderConfigurationError ||
    err instanceof SchemaNotReadyError
  ) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `LedgerBridge failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
