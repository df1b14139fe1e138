import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CourseMembershipDto } from '../accounts/account.dto';
import { AccountsService } from '../accounts/accounts.service';
import {
  ChangeRoleDto,
  CreateCourseDto,
  EnrolmentDto,
  ImportResultDto,
  ImportStudentsDto,
  InvitationLinkDto,
  PasswordResetDto,
} from './course.dto';
import { CoursesService } from './courses.service';

@ApiTags('courses')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/courses')
export class CoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: CourseMembershipDto, isArray: true, description: 'Your courses.' })
  async list(@CurrentPrincipal() principal: Principal): Promise<CourseMembershipDto[]> {
    return (await this.accounts.me(principal.user)).courses;
  }

  @Post()
  @ApiCreatedResponse({ type: CourseMembershipDto, description: 'You are its instructor.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCourseDto,
  ): Promise<CourseMembershipDto> {
    return this.courses.create(principal, body);
  }

  @Get(':slug/enrolments')
  @ApiOkResponse({ type: EnrolmentDto, isArray: true })
  enrolments(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<EnrolmentDto[]> {
    return this.courses.listEnrolments(principal, slug);
  }

  @Post(':slug/enrolments/import')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportResultDto })
  importStudents(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: ImportStudentsDto,
  ): Promise<ImportResultDto> {
    return this.courses.importStudents(principal, slug, body?.csv);
  }

  @Patch(':slug/enrolments/:userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Role changed.' })
  changeRole(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<void> {
    return this.courses.changeRole(principal, slug, userId, body?.role);
  }

  @Delete(':slug/enrolments/:userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed from the course; submissions stay.' })
  unenrol(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.courses.unenrol(principal, slug, userId);
  }

  @Post(':slug/invitation')
  @ApiCreatedResponse({ type: InvitationLinkDto, description: 'A new link; the old one stops.' })
  invite(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<InvitationLinkDto> {
    return this.courses.createInvitation(principal, slug);
  }

  @Delete(':slug/invitation')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The link stops working.' })
  revokeInvitation(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<void> {
    return this.courses.revokeInvitation(principal, slug);
  }

  @Post(':slug/users/:userId/password-reset')
  @ApiCreatedResponse({ type: PasswordResetDto })
  resetPassword(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
  ): Promise<PasswordResetDto> {
    return this.courses.resetPassword(principal, slug, userId);
  }

  @Get(':slug/grades.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One row per student, one column per assignment (best score 0-100).',
    schema: { type: 'string' },
  })
  async grades(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<string> {
    return this.courses.gradesCsv(principal, slug);
  }
}
