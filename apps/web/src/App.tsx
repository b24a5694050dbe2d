import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { getSession, type LoginResult, logout, type Session, type User } from "./api.ts";
import { Footer } from "./components/Footer.tsx";
import { Header } from "./components/Header.tsx";
import { Loading } from "./components/Status.tsx";
import { canCreateSeeds, canDesignTrials, canScreen, canUseRwd, canViewKpis } from "./display.ts";
import { Home } from "./pages/Home.tsx";
import { KpiDashboard } from "./pages/KpiDashboard.tsx";
import { Login } from "./pages/Login.tsx";
import { NewSeed } from "./pages/NewSeed.tsx";
import { NotAvailable } from "./pages/NotAvailable.tsx";
import { RealWorldData } from "./pages/RealWorldData.tsx";
import { SeedDetail } from "./pages/SeedDetail.tsx";
import { SeedList } from "./pages/SeedList.tsx";
import { TrialDesigns } from "./pages/TrialDesigns.tsx";
import { type Route, useRoute } from "./router.ts";

// The in-silico screen's pages load on first use, so that the other pages do not carry them.
const Screening = lazy(() => import("./pages/Screening.tsx").then((m) => ({ default: m.Screening })));
const ScreenRunView = lazy(() =>
  import("./pages/screen/RunView.tsx").then((m) => ({ default: m.ScreenRunView })),
);
// The drug-lag monitor too (every role may open it; its charts and tables are its own).
const Lag = lazy(() => import("./pages/Lag.tsx").then((m) => ({ default: m.Lag })));
const LagMedicineView = lazy(() =>
  import("./pages/lag/MedicineView.tsx").then((m) => ({ default: m.LagMedicineView })),
);

// Partnering too: matching, the desk, consortia and the forum.
const Partnering = lazy(() => import("./pages/Partnering.tsx").then((m) => ({ default: m.Partnering })));
const PartneringRecord = lazy(() =>
  import("./pages/PartneringRecord.tsx").then((m) => ({ default: m.PartneringRecord })),
);

type SessionState = { status: "loading" } | { status: "error" } | { status: "ready"; session: Session };

function Page({ route, user }: { route: Route; user: User }) {
  switch (route.name) {
    case "home":
      return <Home user={user} />;
    case "seeds":
      return <SeedList key={route.params.toString()} params={route.params} />;
    case "new-seed":
      return canCreateSeeds(user.roles) ? <NewSeed /> : <NotAvailable reason="forbidden" />;
    case "seed":
      return <SeedDetail key={route.id} id={route.id} tab={route.tab} user={user} />;
    case "kpis":
      return canViewKpis(user.roles) ? <KpiDashboard /> : <NotAvailable reason="forbidden" />;
    case "rwd":
      return canUseRwd(user.roles) ? <RealWorldData user={user} /> : <NotAvailable reason="forbidden" />;
    case "trials":
      return canDesignTrials(user.roles) ? <TrialDesigns user={user} /> : <NotAvailable reason="forbidden" />;
    case "screen":
      return canScreen(user.roles) ? (
        <Suspense fallback={<Loading />}>
          <Screening tab={route.tab} />
        </Suspense>
      ) : (
        <NotAvailable reason="forbidden" />
      );
    case "screen-run":
      return canScreen(user.roles) ? (
        <Suspense fallback={<Loading />}>
          <ScreenRunView key={route.id} id={route.id} user={user} />
        </Suspense>
      ) : (
        <NotAvailable reason="forbidden" />
      );
    case "lag":
      return (
        <Suspense fallback={<Loading />}>
          <Lag tab={route.tab} params={route.params} />
        </Suspense>
      );
    case "lag-medicine":
      return (
        <Suspense fallback={<Loading />}>
          <LagMedicineView key={route.id} id={route.id} />
        </Suspense>
      );
    case "partnering":
      return (
        <Suspense fallback={<Loading />}>
          <Partnering tab={route.tab} params={route.params} user={user} />
        </Suspense>
      );
    case "partnering-record":
      return (
        <Suspense fallback={<Loading />}>
          <PartneringRecord key={route.id} record={route.record} id={route.id} user={user} />
        </Suspense>
      );
    default:
      return <NotAvailable reason="not-found" />;
  }
}

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [loggingOut, setLoggingOut] = useState(false);
  const route = useRoute();

  const loadSession = useCallback(async () => {
    setState({ status: "loading" });
    try {
      setState({ status: "ready", session: await getSession() });
    } catch {
      setState({ status: "error" });
    }
  }, []);

  useEffect(() => {
    void loadSession();
  }, [loadSession]);

  const handleLogin = useCallback((result: LoginResult) => {
    setState((prev) => ({
      status: "ready",
      session: {
        demo: prev.status === "ready" ? prev.session.demo : false,
        user: result.user,
        csrfToken: result.csrfToken,
      },
    }));
  }, []);

  const handleLogout = useCallback(async () => {
    setLoggingOut(true);
    try {
      await logout();
    } catch {
      // An expired session or a stale token still ends in the logged-out state below.
    }
    try {
      const session = await getSession();
      setState({ status: "ready", session });
    } catch {
      setState((prev) =>
        prev.status === "ready"
          ? { status: "ready", session: { ...prev.session, user: null, csrfToken: null } }
          : prev,
      );
    } finally {
      setLoggingOut(false);
    }
  }, []);

  const user = state.status === "ready" ? state.session.user : null;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <Header user={user} route={route} onLogout={handleLogout} loggingOut={loggingOut} />
      <main id="main" className="main" tabIndex={-1}>
        {state.status === "loading" && (
          <p className="status" role="status" data-testid="app-loading">
            {t("app.loading")}
          </p>
        )}
        {state.status === "error" && (
          <div className="card notice" role="alert" data-testid="app-error">
            <p>{t("app.sessionError")}</p>
            <button type="button" className="button" onClick={() => void loadSession()}>
              {t("app.retry")}
            </button>
          </div>
        )}
        {state.status === "ready" &&
          (state.session.user ? (
            <Page route={route} user={state.session.user} />
          ) : (
            <Login demo={state.session.demo} onLogin={handleLogin} />
          ))}
      </main>
      <Footer />
    </div>
  );
}
