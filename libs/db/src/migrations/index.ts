import { InitialSchema1764878400000 } from './1764878400000-InitialSchema';
import { AddAccountsEnrolmentsAndTokens1796415810900 } from './1796415810900-AddAccountsEnrolmentsAndTokens';
import { AddAssignmentPoliciesAndReruns1796425152359 } from './1796425152359-AddAssignmentPoliciesAndReruns';

/** Migrations in the order they run. Generated from the entities, never edited once merged. */
export const MIGRATIONS = [
  InitialSchema1764878400000,
  AddAccountsEnrolmentsAndTokens1796415810900,
  AddAssignmentPoliciesAndReruns1796425152359,
];
