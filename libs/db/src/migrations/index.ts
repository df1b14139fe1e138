import { InitialSchema1764878400000 } from './1764878400000-InitialSchema';

/** Migrations in the order they run. Generated from the entities, never edited once merged. */
export const MIGRATIONS = [InitialSchema1764878400000];
