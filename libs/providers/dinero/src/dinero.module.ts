import { Module, type DynamicModule } from '@nestjs/common';
import { DineroConnector } from './dinero.connector';
import { DINERO_OPTIONS, resolveDineroOptions, type DineroOptions } from './dinero.options';

/** Registers the Dinero connector; the host's registry finds it through `@AccountingConnector`. */
@Module({})
export class DineroModule {
  /** `options` come from the host's typed config; the lib itself reads no environment. */
  static register(options: DineroOptions): DynamicModule {
    // Fails at start-up, naming the missing setting, instead of at the first export.
    resolveDineroOptions(options);
    return {
      module: DineroModule,
      providers: [{ provide: DINERO_OPTIONS, useValue: options }, DineroConnector],
      exports: [DineroConnector],
    };
  }
}
