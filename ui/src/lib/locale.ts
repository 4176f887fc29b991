// Imported first of all. Under LANG=C (minimal Linux sessions, CI) WebKit reports the
// language "C", which Intl rejects; uPlot builds a NumberFormat from it as it loads, and
// the whole UI would fail to start. A language Intl refuses becomes the nearest it takes.
export function usableLanguage(language: string | undefined): string {
  try {
    if (language) {
      new Intl.NumberFormat(language);
      return language;
    }
  } catch {
    /* fall through to the default below */
  }
  return "en-US";
}

if (typeof navigator !== "undefined") {
  const language = usableLanguage(navigator.language);
  if (language !== navigator.language) {
    Object.defineProperty(navigator, "language", { value: language, configurable: true });
    Object.defineProperty(navigator, "languages", { value: [language], configurable: true });
  }
}
