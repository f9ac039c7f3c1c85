import { type Language, languages } from "@pieraksts/contracts/languages";
import { useEffect, useState } from "react";
import { Link, Outlet, useLocation, useParams } from "react-router";
import { I18nProvider, isLanguage, useI18n } from "../lib/i18n/i18n.tsx";
import { inLanguage, paths } from "../lib/paths.ts";
import { preferences, type TextSize } from "../lib/preferences.ts";

const languageNames: Record<Language, string> = { lv: "Latviešu", ru: "Русский", en: "English" };

function DisplayControls() {
  const { t } = useI18n();
  const [size, setSize] = useState<TextSize>(preferences.textSize());
  const [contrast, setContrast] = useState(preferences.contrast());
  useEffect(() => {
    document.documentElement.dataset.textSize = size;
    preferences.setTextSize(size);
  }, [size]);
  useEffect(() => {
    document.documentElement.dataset.contrast = contrast ? "high" : "normal";
    preferences.setContrast(contrast);
  }, [contrast]);
  const sizes: [TextSize, string, "textSizeNormal" | "textSizeLarge" | "textSizeLarger"][] = [
    ["normal", "A", "textSizeNormal"],
    ["large", "A+", "textSizeLarge"],
    ["larger", "A++", "textSizeLarger"],
  ];
  return (
    <div className="display-controls">
      <fieldset className="text-size">
        <legend className="sr-only">{t("textSizeLabel")}</legend>
        {sizes.map(([value, label, name]) => (
          <button
            key={value}
            type="button"
            aria-pressed={size === value}
            aria-label={`${label} ${t(name)}`}
            onClick={() => setSize(value)}
          >
            {label}
          </button>
        ))}
      </fieldset>
      <button type="button" aria-pressed={contrast} onClick={() => setContrast(!contrast)}>
        {t("contrastLabel")}
      </button>
    </div>
  );
}

function LanguageSwitch({ lang }: { lang: Language }) {
  const location = useLocation();
  const { t } = useI18n();
  return (
    <nav aria-label={t("languageLabel")} className="languages">
      <ul>
        {languages.map((other) => (
          <li key={other}>
            <Link
              to={inLanguage(location.pathname, location.search, location.hash, other)}
              lang={other}
              hrefLang={other}
              aria-current={other === lang ? "true" : undefined}
              onClick={() => preferences.setLanguage(other)}
              replace
            >
              {languageNames[other]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Chrome({ lang }: { lang: Language }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <p className="site-name">
            <Link to={paths.home(lang)}>{t("appName")}</Link>
            <span className="tagline">{t("tagline")}</span>
          </p>
          <LanguageSwitch lang={lang} />
          <DisplayControls />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <Link to={paths.manage(lang)}>{t("manageExisting")}</Link>
        {" · "}
        <Link to={paths.staff(lang)}>{t("staffLink")}</Link>
      </footer>
    </>
  );
}

/** Everything under /:lang: the language from the address, remembered, on <html lang>. */
export function LanguageLayout({ notFound }: { notFound: React.ReactNode }) {
  const { lang } = useParams();
  const valid = isLanguage(lang);
  useEffect(() => {
    if (!valid) return;
    document.documentElement.lang = lang;
    preferences.setLanguage(lang);
  }, [lang, valid]);
  if (!valid) {
    return (
      <I18nProvider lang={preferences.language() ?? "lv"}>
        <main id="main">{notFound}</main>
      </I18nProvider>
    );
  }
  return (
    <I18nProvider lang={lang}>
      <Chrome lang={lang} />
    </I18nProvider>
  );
}
