import type { ServicePoint } from "@pieraksts/contracts";
import { messages } from "../../../lib/messages.ts";

export function ServicePointList({ points }: { points: ServicePoint[] }) {
  if (points.length === 0) return <p>{messages.noPoints}</p>;
  return (
    <ul className="card-list">
      {points.map((point) => (
        <li key={point.slug} className="card">
          <h3>{point.name}</h3>
          <p>{point.address}</p>
          {point.description && <p>{point.description}</p>}
          {point.phones.length > 0 && (
            <p>
              {messages.phones}:{" "}
              {point.phones.map((phone, index) => (
                <span key={phone.tel}>
                  {index > 0 && ", "}
                  <a href={`tel:${phone.tel}`}>{phone.display}</a>
                  {phone.label && ` (${phone.label})`}
                </span>
              ))}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
