import type { INestApplicationContext } from '@nestjs/common';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM or SIGINT: close the app (a worker stops taking jobs and lets those in flight finish; the api stops
 * accepting connections and answers the requests in flight), then exit 0. Past the deadline it exits 1, leaving
 * unfinished jobs to Bull, which hands stalled jobs to another worker.
 */
export function closeOnSignals(app: INestApplicationContext, graceSeconds: number, say: (line: string) => void): void {
  let closing = false;
  const onSignal = (signal: string) => {
    if (closing) return;
    closing = true;
    say(`LedgerBridge got ${signal}: finishing in-flight work (at most ${graceSeconds} s), then exiting.`);
    const deadline = setTimeout(() => {
      say(`LedgerBridge did not finish within SHUTDOWN_GRACE_SECONDS=${graceSeconds}; exiting with work unfinished.`);
      process.exit(1);
    }, graceSeconds * 1000);
    deadline.unref();
    app.close().then(
      () => {
        say('LedgerBridge stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        say(`LedgerBridge failed to stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

/** Before the app exists (a worker waiting for the schema), a signal just ends the process. */
export function exitOnSignalsUntilStarted(): () => void {
  const exit = () => process.exit(0);
  for (const signal of SIGNALS) process.on(signal, exit);
  return () => SIGNALS.forEach((signal) => process.removeListener(signal, exit));
}
