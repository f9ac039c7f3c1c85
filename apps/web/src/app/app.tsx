import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { NotFoundPage } from "../features/errors/routes/not-found-page.tsx";
import { OrganisationsPage } from "../features/places/routes/organisations-page.tsx";
import { I18nProvider } from "../lib/i18n/i18n.tsx";
import { preferences } from "../lib/preferences.ts";
import { LanguageLayout } from "./layout.tsx";

// The first page is in the main bundle; every later step loads when it is needed.
const PointsPage = lazy(() => import("../features/places/routes/points-page.tsx"));
const ServicesPage = lazy(() => import("../features/places/routes/services-page.tsx"));
const WhenPage = lazy(() => import("../features/booking/routes/when-page.tsx"));
const WhoPage = lazy(() => import("../features/booking/routes/who-page.tsx"));
const BookingPage = lazy(() => import("../features/manage/routes/booking-page.tsx"));
const LookupPage = lazy(() => import("../features/manage/routes/lookup-page.tsx"));
const JoinWaitlistPage = lazy(() => import("../features/waitlist/routes/join-page.tsx"));
const WaitlistEntryPage = lazy(() => import("../features/waitlist/routes/entry-page.tsx"));
// Reception and administration: a chunk of its own, with its own texts and styles.
const StaffApp = lazy(() => import("../features/staff/staff-app.tsx"));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
  },
});

const loadingText: Record<string, string> = { lv: "Ielādē…", ru: "Загрузка…", en: "Loading…" };

/** Shown while a step's code or a language loads; no messages may be loaded yet. */
function Loading() {
  return (
    <p role="status" className="loading">
      {loadingText[document.documentElement.lang] ?? loadingText.lv}
    </p>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route
              path="/"
              element={<Navigate to={`/${preferences.language() ?? "lv"}`} replace />}
            />
            <Route path="/:lang" element={<LanguageLayout notFound={<NotFoundPage />} />}>
              <Route index element={<OrganisationsPage />} />
              <Route path="manage" element={<LookupPage />} />
              <Route path="staff/*" element={<StaffApp />} />
              <Route path="booking/:reference" element={<BookingPage />} />
              <Route path="waitlist/:reference" element={<WaitlistEntryPage />} />
              <Route path=":org" element={<PointsPage />} />
              <Route path=":org/:point" element={<ServicesPage />} />
              <Route path=":org/:point/:service" element={<WhenPage />} />
              <Route path=":org/:point/:service/details" element={<WhoPage />} />
              <Route path=":org/:point/:service/waitlist" element={<JoinWaitlistPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
            <Route
              path="*"
              element={
                <I18nProvider lang={preferences.language() ?? "lv"}>
                  <main id="main">
                    <NotFoundPage />
                  </main>
                </I18nProvider>
              }
            />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
