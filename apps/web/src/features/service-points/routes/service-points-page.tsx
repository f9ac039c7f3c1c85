import { messages } from "../../../lib/messages.ts";
import { useServicePoints } from "../api/get-service-points.ts";
import { ServicePointList } from "../components/service-point-list.tsx";

export function ServicePointsPage() {
  const query = useServicePoints("lv");
  return (
    <section aria-labelledby="points-heading">
      <h2 id="points-heading">{messages.servicePointsHeading}</h2>
      {query.isPending && <p role="status">{messages.loading}</p>}
      {query.isError && (
        <div role="alert">
          <p>{messages.loadFailed}</p>
          <button type="button" onClick={() => query.refetch()}>
            {messages.retry}
          </button>
        </div>
      )}
      {query.data && <ServicePointList points={query.data} />}
    </section>
  );
}
