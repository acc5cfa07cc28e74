import { ConnectorError } from '@ledgerbridge/connector-sdk';
import type { JobQueue } from '@ledgerbridge/queue';
import type { DataSource } from 'typeorm';
import { ConnectorExportWriter } from '../connector-export-writer';
import type { ExportLedger } from '../export-ledger';
import { DEFAULT_EXPORT_WORKER_OPTIONS } from '../export-worker-options';
import { LedgerExportRunner } from '../ledger-export-runner';
import { type MemoryProvider, memoryPorts } from './memory-provider';

/** Worker options for specs: no relay or sweep timers, the specs drive the runner by hand. */
export const SPEC_WORKER_OPTIONS = { ...DEFAULT_EXPORT_WORKER_OPTIONS, relayIntervalMs: 0, sweepIntervalMs: 0 };

/** A write whose answer never came back, after the provider may have stored it. */
export const lostAnswer = () =>
  new ConnectorError('unavailable', 'The provider did not answer in time.', { outcomeUnknown: true });

/** The real runner and writer over an in-memory provider (its registry, real pacing budget, connections, receipts). */
export function runnerOver(
  ds: DataSource,
  ledger: ExportLedger,
  provider: MemoryProvider,
  allowance?: { requests: number; perMs: number },
) {
  const ports = memoryPorts(provider, allowance);
  return { runner: runnerWith(ds, ledger, ports), ports };
}

/** One more worker (its own lease owner) over the same ports, so two runners race for the same provider. */
export function runnerWith(
  ds: DataSource,
  ledger: ExportLedger,
  ports: ReturnType<typeof memoryPorts>,
  jobs?: JobQueue,
) {
  const writer = new ConnectorExportWriter(
    ds,
    ledger,
    ports.registry,
    ports.pacing,
    ports.connections,
    ports.receipts,
    SPEC_WORKER_OPTIONS,
  );
  return new LedgerExportRunner(ds, ledger, writer, SPEC_WORKER_OPTIONS, jobs);
}
