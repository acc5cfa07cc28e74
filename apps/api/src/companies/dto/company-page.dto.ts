import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../http/pagination.dto';
import { CompanyDto } from './company.dto';

export class CompanyPageDto extends PageMetaDto {
  @ApiProperty({ type: [CompanyDto] })
  items!: CompanyDto[];
}
