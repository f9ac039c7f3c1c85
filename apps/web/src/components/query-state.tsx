import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { ApiError } from "../lib/api-client.ts";
import { useI18n } from "../lib/i18n/i18n.tsx";
import { paths } from "../lib/paths.ts";
import { errorMessageKey } from "./error-message.ts";

/** Loading and failure where the data belongs, with a visible way to try again. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t, lang } = useI18n();
  if (query.isError && query.error instanceof ApiError && query.error.status === 404) {
    // An address that names nothing we have: a proper page, not a retry button.
    return (
      <div className="notice notice-error">
        <h2>{t("notFoundTitle")}</h2>
        <p>{t("notFoundText")}</p>
        <p>
          <Link to={paths.home(lang)}>{t("goHome")}</Link>
        </p>
      </div>
    );
  }
  if (query.isPending) {
    return (
      <p role="status" className="loading">
        {t("loading")}
      </p>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="notice notice-error">
        <p>{t(errorMessageKey(query.error))}</p>
        <button type="button" onClick={() => query.refetch()}>
          {t("retry")}
        </button>
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
