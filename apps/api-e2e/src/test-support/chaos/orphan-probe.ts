import { ChaosStack } from './chaos-stack';

// Run by chaos-process-harness.e2e-spec.ts as its own process: starts a stack, prints its pids, then dies of an
// uncaught error before any teardown, as a failing test run would; the exit hook alone must clean up.
async function main(): Promise<void> {
  const stack = await ChaosStack.start({ workers: 1 });
  process.stdout.write(`${JSON.stringify({ pids: stack.pids(), redisPid: stack.redisPid() })}\n`);
  throw new Error('the test failed before afterAll');
}

void main();
