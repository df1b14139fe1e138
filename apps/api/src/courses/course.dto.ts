import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreateCourseDto {
  @ApiProperty({ example: 'dml-2027', pattern: '^[a-z0-9-]{2,40}$' }) slug!: string;
  @ApiProperty({ example: 'Deep Metric Learning 2027' }) titleEn!: string;
  @ApiProperty({ example: 'Dziļā metrikas mācīšanās 2027' }) titleLv!: string;
}

export class EnrolmentDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['student', 'ta', 'instructor'] }) role!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) studentNumber!: string | null;
}

export class ImportStudentsDto {
  @ApiProperty({
    description:
      'CSV text with the columns email, name, student id (a header line naming "email" is skipped); at most 2000 rows.',
    example: 'email,name,student_id\nanna@example.edu,Anna Bērziņa,ab12345',
  })
  csv!: string;
}

export class CreatedAccountDto {
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'Initial password, shown this once; hand it to the student.' })
  initialPassword!: string;
}

export class ImportResultDto {
  @ApiProperty({ description: 'Rows enrolled (new and existing accounts).' }) enrolled!: number;
  @ApiProperty({ type: CreatedAccountDto, isArray: true }) created!: CreatedAccountDto[];
  @ApiProperty({ description: 'Rows already enrolled, left as they were.' }) unchanged!: number;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ['student', 'ta', 'instructor'] }) role!: 'student' | 'ta' | 'instructor';
}

export class InvitationLinkDto {
  @ApiProperty() code!: string;
  @ApiProperty({ example: 'http://127.0.0.1:3000/#/join/Xy12...' }) url!: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'New temporary password, shown this once.' })
  temporaryPassword!: string;
}
