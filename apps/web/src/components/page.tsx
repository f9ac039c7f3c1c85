import { type ReactNode, useEffect, useRef } from "react";
import { useI18n } from "../lib/i18n/i18n.tsx";

/**
 * A page's main heading. On navigation it takes the focus, so a screen reader announces
 * the new page and keyboard users start from its top; it also names the browser tab.
 */
export function PageHeading({
  children,
  title,
  reserveLines,
}: {
  children: ReactNode;
  title: string;
  /** Keep room for a title that grows when its data arrives (no layout shift). */
  reserveLines?: 2 | 3;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} – ${t("appName")}`;
    ref.current?.focus();
  }, [title, t]);
  return (
    <h1
      ref={ref}
      tabIndex={-1}
      className={`page-heading${reserveLines ? ` reserve-${reserveLines}-lines` : ""}`}
    >
      {children}
    </h1>
  );
}
