import { InitialSchema1764878400000 } from './1764878400000-InitialSchema';
import { AddAccountsEnrolmentsAndTokens1796415810900 } from './1796415810900-AddAccountsEnrolmentsAndTokens';
import { AddAssignmentPoliciesAndReruns1796425152359 } from './1796425152359-AddAssignmentPoliciesAndReruns';
import { AddGradingRunPlacement1796425942827 } from './1796425942827-AddGradingRunPlacement';
import { AddSubmissionCancellation1796426314706 } from './1796426314706-AddSubmissionCancellation';
import { AddSeedCalibration1796430000000 } from './1796430000000-AddSeedCalibration';
import { AddReferenceBaselines1796440000000 } from './1796440000000-AddReferenceBaselines';
import { AddGradingRunHeartbeat1796450000000 } from './1796450000000-AddGradingRunHeartbeat';

/** Migrations in the order they run. Generated from the entities, never edited once merged. */
export const MIGRATIONS = [
  InitialSchema1764878400000,
  AddAccountsEnrolmentsAndTokens1796415810900,
  AddAssignmentPoliciesAndReruns1796425152359,
  AddGradingRunPlacement1796425942827,
  AddSubmissionCancellation1796426314706,
  AddSeedCalibration1796430000000,
  AddReferenceBaselines1796440000000,
  AddGradingRunHeartbeat1796450000000,
];
