import { ApiProperty } from '@nestjs/swagger';

export class LineRangeDto {
  @ApiProperty({ example: 'kmeans.py' }) path!: string;
  @ApiProperty({ description: 'First line, 1-based.' }) startLine!: number;
  @ApiProperty({ description: 'Last line, inclusive.' }) endLine!: number;
}

export class MatchedRegionDto {
  @ApiProperty({ type: LineRangeDto }) left!: LineRangeDto;
  @ApiProperty({ type: LineRangeDto }) right!: LineRangeDto;
  @ApiProperty({ description: 'Normalised tokens the region spans on the left.' })
  tokens!: number;
}

export class SimilaritySubmissionDto {
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() submittedAt!: string;
}

export class SimilarPairDto {
  @ApiProperty({ type: SimilaritySubmissionDto }) left!: SimilaritySubmissionDto;
  @ApiProperty({ type: SimilaritySubmissionDto }) right!: SimilaritySubmissionDto;
  @ApiProperty({ description: 'Jaccard index of the two fingerprint sets, 0 to 1.' })
  jaccard!: number;
  @ApiProperty({ description: "Share of the left submission's fingerprints found in the right." })
  leftContainment!: number;
  @ApiProperty({ description: "Share of the right submission's fingerprints found in the left." })
  rightContainment!: number;
  @ApiProperty() sharedFingerprints!: number;
  @ApiProperty({ type: MatchedRegionDto, isArray: true, description: 'Longest first.' })
  regions!: MatchedRegionDto[];
}

export class SimilarityReportDto {
  @ApiProperty({ example: 'kmeans' }) slug!: string;
  @ApiProperty({ description: 'Newest assignment version; its starter code is excluded.' })
  version!: number;
  @ApiProperty({ description: 'Students compared: the latest submission of each.' })
  students!: number;
  @ApiProperty({ description: 'Pairs sharing at least one fingerprint, before the limit.' })
  pairsWithOverlap!: number;
  @ApiProperty({ example: 12, description: 'Tokens per k-gram.' }) k!: number;
  @ApiProperty({ example: 8, description: 'Winnowing window in k-grams.' }) w!: number;
  @ApiProperty({ description: 'When this report was computed (reports are cached).' })
  computedAt!: string;
  @ApiProperty({ description: 'Milliseconds the comparison took when it was computed.' })
  computeMs!: number;
  @ApiProperty({ type: SimilarPairDto, isArray: true, description: 'Most similar first.' })
  pairs!: SimilarPairDto[];
}
