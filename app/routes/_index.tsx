import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import { useRootData } from "~/root";

const features = [
  { key: "find", icon: "⌕" },
  { key: "book", icon: "◷" },
  { key: "labs", icon: "⚗" },
  { key: "stats", icon: "▥" },
] as const;

export default function Index() {
  const t = useT();
  const user = useRootData()?.user;
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <p className="hero__eyebrow">{t("home.hero.eyebrow")}</p>
        <h1 id="hero-title">{t("home.hero.title")}</h1>
        <p className="hero__body">{t("home.hero.body")}</p>
        {user ? <p className="hero__welcome">{t("home.welcomeBack", { name: user.displayName })}</p> : null}
        <div className="hero__actions">
          {user ? (
            <Link to="/account" className="button button--primary button--large">
              {t("home.hero.ctaAccount")}
            </Link>
          ) : (
            <>
              <Link to="/signup" className="button button--primary button--large">
                {t("home.hero.ctaSignUp")}
              </Link>
              <Link to="/login" className="button button--secondary button--large">
                {t("home.hero.ctaSignIn")}
              </Link>
            </>
          )}
        </div>
        <p className="hero__note">{t("home.catalogue.comingSoon")}</p>
      </section>

      <section aria-labelledby="features-title" className="features">
        <h2 id="features-title">{t("home.features.title")}</h2>
        <ul className="feature-grid">
          {features.map(({ key, icon }) => (
            <li key={key} className="feature-card">
              <span className="feature-card__icon" aria-hidden="true">
                {icon}
              </span>
              <h3>{t(`home.features.${key}.title`)}</h3>
              <p>{t(`home.features.${key}.body`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
