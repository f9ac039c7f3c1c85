import { describe, expect, it } from "vitest";
import { placeLabel } from "./place-label.ts";

describe("a place as one line", () => {
  it("does not repeat an address the name already says", () => {
    expect(
      placeLabel("Klientu apkalpošanas centrs Lāčplēša ielā 39", "Lāčplēša iela 39, Daugavpils"),
    ).toBe("Klientu apkalpošanas centrs Lāčplēša ielā 39, Daugavpils");
    expect(
      placeLabel(
        "Klientu apkalpošanas punkts Vienības ielā 8 (17. kab.)",
        "Vienības iela 8, 17. kab., Daugavpils",
      ),
    ).toBe("Klientu apkalpošanas punkts Vienības ielā 8 (17. kab.), Daugavpils");
  });
  it("keeps an address the name does not say", () => {
    expect(placeLabel("Sociālo pakalpojumu nodaļa", "Vienības iela 8, Daugavpils")).toBe(
      "Sociālo pakalpojumu nodaļa, Vienības iela 8, Daugavpils",
    );
    expect(
      placeLabel("Центр обслуживания клиентов, ул. Лачплеша 39", "Lāčplēša iela 39, Daugavpils"),
    ).toBe("Центр обслуживания клиентов, ул. Лачплеша 39, Lāčplēša iela 39, Daugavpils");
    expect(
      placeLabel("Client service point, Liepājas iela 4", "Liepājas iela 40, Daugavpils"),
    ).toBe("Client service point, Liepājas iela 4, Liepājas iela 40, Daugavpils");
  });
});
