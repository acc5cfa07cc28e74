import type { AppConfig } from '../config/app-config';
import { waitForCurrentSchema } from './schema-state';
import { exitOnSignalsUntilStarted } from './shutdown';

/**
 * What a process does before its app is created: the api migrates at start (in AppModule), a worker never does
 * and instead waits for the schema to be current.
 */
export async function beforeStart(config: AppConfig, say: (line: string) => void): Promise<void> {
  if (config.servesHttp) return;
  const stopListening = exitOnSignalsUntilStarted();
  try {
    await waitForCurrentSchema(
      { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
      config.workerSchemaWaitSeconds,
      say,
    );
  } finally {
    stopListening();
  }
}
