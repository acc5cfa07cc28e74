import { readSandboxEnv } from './config/sandbox.config';
import { createSandboxApp } from './sandbox-app.factory';

async function main(): Promise<void> {
  const { port, host, options } = readSandboxEnv(process.env);
  const { app } = await createSandboxApp(options);
  await app.listen(port, host);
  const base = `http://${host}:${port}`;
  // Printed even with SANDBOX_LOG=false: it is the one line a developer needs.
  process.stdout.write(`The Dinero sandbox listens on ${base}; control surface at ${base}/_sandbox/docs.\n`);
}

main().catch((error: unknown) => {
  console.error('The Dinero sandbox could not start:', error);
  process.exit(1);
});
