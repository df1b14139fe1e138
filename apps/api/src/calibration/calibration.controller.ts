import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiLoggedIn, REFUSED } from '../openapi/api-docs.decorators';
import { CalibrationDto } from './calibration.dto';
import { CalibrationService } from './calibration.service';

@ApiTags('assignments')
@ApiLoggedIn()
@Controller('api/assignments/:slug')
export class CalibrationController {
  constructor(private readonly calibration: CalibrationService) {}

  @Get('calibration')
  @ApiOperation({
    summary: "Read the reference runs over seeds and each check's tolerance (TAs and instructors)",
  })
  @ApiOkResponse({
    type: CalibrationDto,
    description:
      'TAs and instructors: per check, the reference runs over the calibration seeds, the baseline ' +
      'and the tolerance grading uses, with its source (manifest or seeds) and rule.',
  })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: REFUSED.noAssignment })
  view(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<CalibrationDto> {
    return this.calibration.view(principal, slug);
  }
}
