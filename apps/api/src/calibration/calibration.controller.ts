import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CalibrationDto } from './calibration.dto';
import { CalibrationService } from './calibration.service';

@ApiTags('assignments')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/assignments/:slug')
export class CalibrationController {
  constructor(private readonly calibration: CalibrationService) {}

  @Get('calibration')
  @ApiOkResponse({
    type: CalibrationDto,
    description:
      'TAs and instructors: per check, the reference runs over the calibration seeds, the baseline ' +
      'and the tolerance grading uses, with its source (manifest or seeds) and rule.',
  })
  view(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<CalibrationDto> {
    return this.calibration.view(principal, slug);
  }
}
