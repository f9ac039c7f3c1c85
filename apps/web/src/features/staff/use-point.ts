import { useSearchParams } from "react-router";
import { useStaffPoints } from "./staff-api.ts";

/** The point staff work at now: from the address (?point=), else their first. */
export function usePoint(): [string, (slug: string) => void] {
  const [search, setSearch] = useSearchParams();
  const points = useStaffPoints();
  const chosen = search.get("point") ?? points.data?.[0]?.slug ?? "";
  return [
    chosen,
    (slug) =>
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          next.set("point", slug);
          return next;
        },
        { replace: true },
      ),
  ];
}
