/** The two forms a counted phrase has in the catalogues: `key.one` and `key.other`. */
export type PluralForm = 'one' | 'other';

/**
 * Which form of a counted phrase `count` takes in `locale`, from the CLDR rules built into Intl.
 * Latvian uses the singular for numbers ending in 1 except 11 (1, 21, 101 students), and the
 * plural for the rest; CLDR's separate Latvian `zero` category (0, 10-20, 30, ...) takes the
 * plural text, so it folds into `other`.
 */
export function pluralForm(locale: 'en' | 'lv', count: number): PluralForm {
  return new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
}
