import { Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Assignment, Enrolment } from '@dmlg/db';
import { parseManifest } from '@dmlg/grading';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CoursesService } from '../courses/courses.service';
import { ApiErrors, ApiLoggedIn, REFUSED } from '../openapi/api-docs.decorators';
import { GitRepositoriesService } from './git-repositories.service';

export class SeededRepositoriesDto {
  @ApiProperty({ description: 'Repositories that got the starter code as their first commit.' })
  seeded!: number;
  @ApiProperty({ description: 'Repositories left alone because main already had commits.' })
  unchanged!: number;
  @ApiProperty({ example: '/git/dml/kmeans.git', description: 'Path every member clones.' })
  path!: string;
}

@ApiTags('git')
@ApiLoggedIn()
@Controller('api/courses/:course/assignments/:slug/git-repositories')
export class GitRepositoriesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly repositories: GitRepositoriesService,
    @InjectRepository(Assignment) private readonly assignments: Repository<Assignment>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
  ) {}

  /**
   * Creates the git repository of every member of the course for the assignment, with the
   * starter code (starter/, tests/ and the task text) as the first commit on main. Repositories
   * whose main already has commits are left as they are, so this may be run again after
   * enrolling more students.
   */
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Create every course member's git repository for an assignment (instructors)",
    description:
      'Each repository gets the starter code as the first commit on main; repositories that ' +
      'already have commits are left alone, so it may be called again after enrolling students.',
  })
  @ApiOkResponse({ type: SeededRepositoriesDto, description: 'Instructors.' })
  @ApiErrors({
    403: REFUSED.needsInstructor,
    404: 'No such course among yours, or no such assignment in it.',
  })
  async seed(
    @CurrentPrincipal() principal: Principal,
    @Param('course') courseSlug: string,
    @Param('slug') slug: string,
  ): Promise<SeededRepositoriesDto> {
    const course = await this.courses.courseFor(principal, courseSlug, 'instructor');
    const assignment = await this.assignments.findOne({
      where: { courseId: course.id, slug },
      order: { version: 'DESC' },
    });
    if (!assignment) {
      throw new NotFoundException(`assignment ${slug} not found in course ${courseSlug}`);
    }
    const manifest = parseManifest(
      assignment.manifest,
      `assignment ${slug} v${assignment.version}`,
    );
    let seeded = 0;
    let unchanged = 0;
    for (const enrolment of await this.enrolments.find({ where: { courseId: course.id } })) {
      if (await this.repositories.seedStarter(course.slug, manifest, enrolment.userId)) seeded++;
      else unchanged++;
    }
    return { seeded, unchanged, path: `/git/${course.slug}/${slug}.git` };
  }
}
