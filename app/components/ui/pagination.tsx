// Previous / "page N of M" / next, as links (works without JavaScript). Renders nothing for one page.
import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n/react";

export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const t = useT();
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" className="button button--secondary">
          {t("pagination.prev")}
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">{t("pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next" className="button button--secondary">
          {t("pagination.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
