import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TOKEN_SCOPES, type TokenScope } from '@dmlg/db';
import { LocalizedTextDto } from '../assignments/assignment-summary.dto';

export class LoginRequestDto {
  @ApiProperty({ example: 'student@example.edu' }) email!: string;
  @ApiProperty() password!: string;
}

export class CourseMembershipDto {
  @ApiProperty({ example: 'dml' }) slug!: string;
  @ApiProperty({ type: LocalizedTextDto }) title!: LocalizedTextDto;
  @ApiProperty({ enum: ['student', 'ta', 'instructor', 'admin'] }) role!: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['admin', 'instructor', 'ta', 'student'], description: 'Global role.' })
  role!: string;
  @ApiProperty({ enum: ['en', 'lv'] }) locale!: 'en' | 'lv';
  @ApiProperty({ type: CourseMembershipDto, isArray: true }) courses!: CourseMembershipDto[];
}

export class LoginResponseDto {
  @ApiProperty({ type: MeDto }) user!: MeDto;
  @ApiProperty({
    description:
      'The session JWT, also set as the httpOnly cookie dmlg_session; API clients may send it as a bearer token.',
  })
  token!: string;
  @ApiProperty() expiresAt!: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ enum: ['en', 'lv'] }) locale?: 'en' | 'lv';
  @ApiPropertyOptional() displayName?: string;
}

export class ChangePasswordDto {
  @ApiProperty() currentPassword!: string;
  @ApiProperty({ minLength: 10 }) newPassword!: string;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'laptop git' }) name!: string;
  @ApiProperty({ enum: TOKEN_SCOPES, isArray: true, example: ['read', 'submit'] })
  scopes!: TokenScope[];
}

export class AccessTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'First characters of the token.', example: 'dmlg_Ab1x' })
  prefix!: string;
  @ApiProperty({ enum: TOKEN_SCOPES, isArray: true }) scopes!: TokenScope[];
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) lastUsedAt!: string | null;
}

export class CreatedTokenDto extends AccessTokenDto {
  @ApiProperty({ description: 'The token itself; shown this once, stored only as SHA-256.' })
  token!: string;
}

export class InvitationDto {
  @ApiProperty() code!: string;
  @ApiProperty({ example: 'dml' }) course!: string;
  @ApiProperty({ type: LocalizedTextDto }) title!: LocalizedTextDto;
}

export class AcceptInvitationDto {
  @ApiPropertyOptional({ description: 'Needed unless logged in.' }) email?: string;
  @ApiPropertyOptional({ description: 'Needed unless logged in.' }) displayName?: string;
  @ApiPropertyOptional({ description: 'Needed unless logged in; at least 10 characters.' })
  password?: string;
}
