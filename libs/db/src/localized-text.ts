/** Text shown to users, in English (the default) and Latvian. */
export interface LocalizedText {
  en: string;
  lv: string;
}

export type Locale = keyof LocalizedText;
