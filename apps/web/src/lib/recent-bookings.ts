/** Bookings this tab made, and telling the same phone apart however it is written. */

/** Digits only, with a leading + kept. */
export function phoneDigits(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, "");
  return trimmed.startsWith("+") ? `+${digits}` : digits;
}

/** The same phone however it is written: for telling the client's own bookings apart. */
export function samePhone(a: string, b: string): boolean {
  const norm = (phone: string) => {
    let digits = phoneDigits(phone);
    if (digits.startsWith("00")) digits = `+${digits.slice(2)}`;
    return digits.startsWith("+") ? digits : `+371${digits}`;
  };
  return norm(a) === norm(b);
}

export interface RecentBooking {
  servicePoint: string;
  service: string;
  /** Local date of the visit. */
  date: string;
  phone: string;
  reference: string;
  token: string;
}

const storageKey = "pieraksts.recent-bookings";

/**
 * Bookings made in this tab, kept for its session: after Back and Confirm the form shows
 * the booking made instead of booking the same person again (decision 018).
 */
export function recentBookings(): RecentBooking[] {
  try {
    const value = JSON.parse(sessionStorage.getItem(storageKey) ?? "[]");
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

export function rememberBooking(booking: RecentBooking): void {
  try {
    const kept = recentBookings().filter((b) => b.reference !== booking.reference);
    sessionStorage.setItem(storageKey, JSON.stringify([...kept, booking].slice(-10)));
  } catch {
    // Private windows may refuse storage; the API's 409 still stops a second booking.
  }
}

export function forgetBooking(reference: string): void {
  try {
    const kept = recentBookings().filter((b) => b.reference !== reference);
    sessionStorage.setItem(storageKey, JSON.stringify(kept));
  } catch {
    // Nothing to forget where nothing could be kept.
  }
}

export function findRecentBooking(
  target: { servicePoint: string; service: string; date: string },
  phone?: string,
): RecentBooking | undefined {
  return recentBookings().find(
    (b) =>
      b.servicePoint === target.servicePoint &&
      b.service === target.service &&
      b.date === target.date &&
      (phone === undefined || samePhone(b.phone, phone)),
  );
}
