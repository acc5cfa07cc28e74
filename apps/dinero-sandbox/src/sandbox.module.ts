import { DynamicModule, Global, Module } from '@nestjs/common';
import { DineroApiModule } from './api/dinero-api.module';
import { SANDBOX_OPTIONS, RunningOptions } from './config/sandbox.tokens';
import { ControlModule } from './control/control.module';
import { HangingRequests } from './faults/hanging-requests';
import { SandboxState } from './state/sandbox.state';

@Global()
@Module({})
export class SandboxCoreModule {
  static register(options: RunningOptions, state: SandboxState): DynamicModule {
    return {
      module: SandboxCoreModule,
      providers: [
        { provide: SANDBOX_OPTIONS, useValue: options },
        { provide: SandboxState, useValue: state },
        HangingRequests,
      ],
      exports: [SANDBOX_OPTIONS, SandboxState, HangingRequests],
    };
  }
}

@Module({})
export class SandboxModule {
  static register(options: RunningOptions, state: SandboxState): DynamicModule {
    return {
      module: SandboxModule,
      imports: [SandboxCoreModule.register(options, state), DineroApiModule, ControlModule],
    };
  }
}
