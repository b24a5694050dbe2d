import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { getSession, type LoginResult, logout, type Session } from "./api.ts";
import { Footer } from "./components/Footer.tsx";
import { Header } from "./components/Header.tsx";
import { Home } from "./pages/Home.tsx";
import { Login } from "./pages/Login.tsx";

type SessionState = { status: "loading" } | { status: "error" } | { status: "ready"; session: Session };

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [loggingOut, setLoggingOut] = useState(false);

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
      <Header user={user} onLogout={handleLogout} loggingOut={loggingOut} />
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
            <Home user={state.session.user} />
          ) : (
            <Login demo={state.session.demo} onLogin={handleLogin} />
          ))}
      </main>
      <Footer />
    </div>
  );
}
