import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type DemoAccount,
  type DemoAccounts,
  getDemoAccounts,
  type LoginResult,
  login,
  NetworkError,
  problemMessages,
} from "../api.ts";
import { organisationName, roleLabel } from "../display.ts";
import { currentLanguage } from "../i18n/index.ts";

interface LoginProps {
  /** Whether the session endpoint reported demo mode. */
  demo: boolean;
  onLogin: (result: LoginResult) => void;
}

type LoginError = { kind: "messages"; messages: string[] } | { kind: "network" } | { kind: "generic" };

function toLoginError(error: unknown): LoginError {
  const messages = problemMessages(error);
  if (messages.length > 0) return { kind: "messages", messages };
  if (error instanceof NetworkError) return { kind: "network" };
  return { kind: "generic" };
}

/** One account per role, in the order the server lists them. */
function oneAccountPerRole(accounts: readonly DemoAccount[]): DemoAccount[] {
  const seen = new Set<string>();
  return accounts.filter((account) => {
    if (seen.has(account.role)) return false;
    seen.add(account.role);
    return true;
  });
}

export function Login({ demo, onLogin }: LoginProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ids = useId();
  const emailId = `${ids}-email`;
  const passwordId = `${ids}-password`;
  const errorId = `${ids}-error`;
  const demoTitleId = `${ids}-demo-title`;

  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<LoginError | null>(null);
  const [demoAccounts, setDemoAccounts] = useState<DemoAccounts | null>(null);

  useEffect(() => {
    if (!demo) {
      setDemoAccounts(null);
      return;
    }
    let cancelled = false;
    getDemoAccounts()
      .then((accounts) => {
        if (!cancelled) setDemoAccounts(accounts);
      })
      .catch(() => {
        // No demo list when it cannot be loaded; normal login still works.
        if (!cancelled) setDemoAccounts(null);
      });
    return () => {
      cancelled = true;
    };
  }, [demo]);

  async function attempt(loginEmail: string, loginPassword: string) {
    setSubmitting(true);
    setError(null);
    try {
      const result = await login(loginEmail, loginPassword);
      onLogin(result);
    } catch (err) {
      setError(toLoginError(err));
      setSubmitting(false);
    }
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!submitting) void attempt(email.trim(), password);
  }

  const errorMessages =
    error === null
      ? []
      : error.kind === "messages"
        ? error.messages
        : [error.kind === "network" ? t("errors.network") : t("login.genericError")];

  return (
    <div className="login-layout" data-testid="login">
      <section className="card login-card" aria-labelledby={`${ids}-title`}>
        <h1 id={`${ids}-title`} className="card-title">
          {t("login.title")}
        </h1>
        <p className="muted">{t("login.intro")}</p>

        {errorMessages.length > 0 && (
          <div className="alert" id={errorId} role="alert" data-testid="login-error">
            {errorMessages.length === 1 ? (
              <p>{errorMessages[0]}</p>
            ) : (
              <ul>
                {errorMessages.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            )}
          </div>
        )}

        <form className="form" onSubmit={handleSubmit} noValidate aria-busy={submitting}>
          <div className="field">
            <label htmlFor={emailId}>{t("login.email")}</label>
            <input
              id={emailId}
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-describedby={errorMessages.length > 0 ? errorId : undefined}
              aria-invalid={errorMessages.length > 0 || undefined}
              data-testid="login-email"
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>{t("login.password")}</label>
            <input
              id={passwordId}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-describedby={errorMessages.length > 0 ? errorId : undefined}
              aria-invalid={errorMessages.length > 0 || undefined}
              data-testid="login-password"
            />
          </div>
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="login-submit"
          >
            {submitting ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
      </section>

      {demoAccounts && demoAccounts.accounts.length > 0 && (
        <section className="card demo-card" aria-labelledby={demoTitleId} data-testid="demo-accounts">
          <h2 id={demoTitleId} className="card-title">
            {t("login.demoTitle")}
          </h2>
          <p className="muted">{t("login.demoIntro")}</p>
          <p className="demo-password">
            {t("login.demoPassword")}: <code data-testid="demo-password">{demoAccounts.password}</code>
          </p>
          <ul className="demo-list">
            {oneAccountPerRole(demoAccounts.accounts).map((account) => (
              <li key={account.role}>
                <button
                  type="button"
                  className="demo-button"
                  disabled={submitting}
                  data-testid={`demo-login-${account.role}`}
                  onClick={() => {
                    setEmail(account.email);
                    setPassword(demoAccounts.password);
                    void attempt(account.email, demoAccounts.password);
                  }}
                >
                  <span className="demo-role">{roleLabel(t, account.role)}</span>
                  <span className="demo-name">{account.displayName}</span>
                  <span className="demo-org">{organisationName(account.organisation, lang)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
