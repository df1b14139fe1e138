import type { Locale } from '../api';
import { useI18n } from '../i18n';

/**
 * Switches between English and Latvian on the pages shown before login, where the header's
 * language menu is absent. The label is in the other language, for a reader who cannot read this one.
 */
export function LanguageToggle(props: { onLocale: (locale: Locale) => void }) {
  const { locale } = useI18n();
  return (
    <p>
      <button
        type="button"
        class="link"
        data-testid="language-toggle"
        onClick={() => props.onLocale(locale === 'en' ? 'lv' : 'en')}
      >
        {locale === 'en' ? 'Latviešu' : 'English'}
      </button>
    </p>
  );
}
