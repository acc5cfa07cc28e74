import { Module } from '@nestjs/common';
import { BookkeepingModule } from '../bookkeeping/bookkeeping.module';
import { OrganizationPageController } from '../page/organization-page.controller';
import { SandboxControlController } from './sandbox-control.controller';
import { SandboxControlService } from './sandbox-control.service';

@Module({
  imports: [BookkeepingModule],
  controllers: [SandboxControlController, OrganizationPageController],
  providers: [SandboxControlService],
})
export class ControlModule {}
