import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'dmlg:isPublic';

/** Marks a route as reachable without a token; every other route requires one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
