import type { CreateHoldRequest, CreateHoldResponse } from "@pieraksts/contracts";

/**
 * The time this tab keeps while its form is filled in (decision 022): taken when a time is
 * chosen, or handed over by a waiting list's offer (decision 026). Kept in the tab's
 * session storage, so it survives a reload of the form.
 */
export type HeldTime = CreateHoldRequest & CreateHoldResponse;

const storageKey = "pieraksts.hold";

/** The hold this tab keeps, if any. */
export function heldTime(): HeldTime | null {
  try {
    const stored = sessionStorage.getItem(storageKey);
    return stored ? (JSON.parse(stored) as HeldTime) : null;
  } catch {
    return null;
  }
}

function remember(hold: HeldTime | null) {
  try {
    if (hold) sessionStorage.setItem(storageKey, JSON.stringify(hold));
    else sessionStorage.removeItem(storageKey);
  } catch {
    // Storage refused (a private window): the hold still works until the page goes.
  }
}

/** This hold is now the one the tab's booking form uses. */
export function keepHeldTime(hold: HeldTime) {
  remember(hold);
}

/** The hold has become the booking, or was given back. */
export function forgetHeldTime() {
  remember(null);
}
