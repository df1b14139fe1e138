import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AssignmentsService } from './assignments.service';
import { AssignmentSummaryDto } from './assignment-summary.dto';

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('api/assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get()
  @ApiOkResponse({ type: AssignmentSummaryDto, isArray: true, description: 'The newest version of each assignment.' })
  list(): Promise<AssignmentSummaryDto[]> {
    return this.assignments.listLatest();
  }
}
