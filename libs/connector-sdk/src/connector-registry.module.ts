import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConnectorRegistry } from './connector-registry';

/** Provides ConnectorRegistry; import it once in the host next to the selected provider modules. */
@Module({
  imports: [DiscoveryModule],
  providers: [ConnectorRegistry],
  exports: [ConnectorRegistry],
})
export class ConnectorRegistryModule {}
