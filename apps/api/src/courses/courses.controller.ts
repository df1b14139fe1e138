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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
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
import { ApiErrors, ApiLoggedIn, REFUSED } from '../openapi/api-docs.decorators';

/** 404s shared by the routes here: AccessPolicy hides courses the caller is not in. */
const NO_COURSE = 'No course with this slug among yours.';
const NO_MEMBER = 'No member with this user id in the course, or no such course among yours.';

@ApiTags('courses')
@ApiLoggedIn()
@Controller('api/courses')
export class CoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List your courses with your role in each (any logged-in user)' })
  @ApiOkResponse({ type: CourseMembershipDto, isArray: true, description: 'Your courses.' })
  async list(@CurrentPrincipal() principal: Principal): Promise<CourseMembershipDto[]> {
    return (await this.accounts.me(principal.user)).courses;
  }

  @Post()
  @ApiOperation({ summary: 'Create a course (instructor and admin accounts)' })
  @ApiCreatedResponse({ type: CourseMembershipDto, description: 'You are its instructor.' })
  @ApiErrors({
    400: 'The slug is not 2 to 40 lower-case letters, digits and "-", or a title is missing.',
    403: 'Needs an instructor or admin account.',
    409: 'A course with this slug exists already.',
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCourseDto,
  ): Promise<CourseMembershipDto> {
    return this.courses.create(principal, body);
  }

  @Get(':slug/enrolments')
  @ApiOperation({ summary: "List a course's members and their roles (TAs and instructors)" })
  @ApiOkResponse({
    type: EnrolmentDto,
    isArray: true,
    description: 'Every member of the course with their role.',
  })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: NO_COURSE })
  enrolments(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<EnrolmentDto[]> {
    return this.courses.listEnrolments(principal, slug);
  }

  @Post(':slug/enrolments/import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enrol students from a CSV list (instructors)',
    description:
      'Creates the accounts that do not exist yet and returns their temporary passwords; ' +
      'members already enrolled are left as they are.',
  })
  @ApiOkResponse({
    type: ImportResultDto,
    description:
      'Every row imported: counts, and the accounts created with their initial passwords.',
  })
  @ApiErrors({
    400: 'The CSV is empty or a row is malformed; the message names the row.',
    403: REFUSED.needsInstructor,
    404: NO_COURSE,
  })
  importStudents(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: ImportStudentsDto,
  ): Promise<ImportResultDto> {
    return this.courses.importStudents(principal, slug, body?.csv);
  }

  @Patch(':slug/enrolments/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: "Change a member's role in a course (instructors)" })
  @ApiNoContentResponse({ description: 'Role changed.' })
  @ApiErrors({
    400: 'The role is not student, ta or instructor.',
    403: REFUSED.needsInstructor,
    404: NO_MEMBER,
  })
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
  @ApiOperation({ summary: 'Remove a member from a course (instructors)' })
  @ApiNoContentResponse({ description: 'Removed from the course; submissions stay.' })
  @ApiErrors({ 400: 'You cannot remove yourself.', 403: REFUSED.needsInstructor, 404: NO_MEMBER })
  unenrol(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.courses.unenrol(principal, slug, userId);
  }

  @Post(':slug/invitation')
  @ApiOperation({ summary: 'Create a new invitation link for a course (instructors)' })
  @ApiCreatedResponse({ type: InvitationLinkDto, description: 'A new link; the old one stops.' })
  @ApiErrors({ 403: REFUSED.needsInstructor, 404: NO_COURSE })
  invite(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<InvitationLinkDto> {
    return this.courses.createInvitation(principal, slug);
  }

  @Delete(':slug/invitation')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a course's invitation link (instructors)" })
  @ApiNoContentResponse({ description: 'The link stops working.' })
  @ApiErrors({ 403: REFUSED.needsInstructor, 404: NO_COURSE })
  revokeInvitation(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<void> {
    return this.courses.revokeInvitation(principal, slug);
  }

  @Post(':slug/users/:userId/password-reset')
  @ApiOperation({
    summary: "Reset a member's password (instructors; admins also for instructors)",
    description: 'Sets a temporary password and returns it in this response only.',
  })
  @ApiCreatedResponse({
    type: PasswordResetDto,
    description: 'The new random password, shown once.',
  })
  @ApiErrors({
    400: "An instructor's or admin's password, and the caller is not an admin.",
    403: REFUSED.needsInstructor,
    404: NO_MEMBER,
  })
  resetPassword(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
  ): Promise<PasswordResetDto> {
    return this.courses.resetPassword(principal, slug, userId);
  }

  @Get(':slug/grades.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: "Download a course's grade table as CSV (TAs and instructors)" })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One row per student, one column per assignment (best score 0-100).',
    schema: { type: 'string' },
  })
  @ApiErrors({ 403: REFUSED.needsStaff, 404: NO_COURSE })
  async grades(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<string> {
    return this.courses.gradesCsv(principal, slug);
  }
}
