import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { SetupState } from './global-setup';
import { stopHost } from './host-process';
import { stopService } from './services';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __LB_E2E__?: SetupState }).__LB_E2E__;
  if (!state) return;
  await Promise.all(state.hosts.map(stopHost));
  if (state.database) {
    const client = new Client({ connectionString: state.database.adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${state.database.name} WITH (FORCE)`);
    await client.end();
  }
  if (state.startedRedis) stopService('redis', join(state.workDir, 'redis'));
  rmSync(state.workDir, { recursive: true, force: true });
}
