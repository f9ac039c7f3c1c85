import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Route, Routes } from "react-router";
import { ServicePointsPage } from "../features/service-points/routes/service-points-page.tsx";
import { messages } from "../lib/messages.ts";

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: 1 } },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <header className="site-header">
          <h1>{messages.appName}</h1>
          <p>{messages.tagline}</p>
        </header>
        <main id="main">
          <Routes>
            <Route path="*" element={<ServicePointsPage />} />
          </Routes>
        </main>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
