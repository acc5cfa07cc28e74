import { Module } from '@nestjs/common';
import { BookkeepingModule } from '../bookkeeping/bookkeeping.module';
import { SandboxControlController } from './sandbox-control.controller';
import { SandboxControlService } from './sandbox-control.service';

@Module({
  imports: [BookkeepingModule],
  controllers: [SandboxControlController],
  providers: [SandboxControlService],
})
export class ControlModule {}
