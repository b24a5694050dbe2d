import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { KAKEHASHI_VERSION } from "@kakehashi/core";
import { ApprovalsMonitor, indicationLag } from "@kakehashi/lag";
import {
  type Mailer,
  mailerFromEnv,
  partneringMigrations,
  startFollowUpReminders,
} from "@kakehashi/partnering";
import { pipelineDb, platformMigrations as seedPlatformMigrations } from "@kakehashi/pipeline";
import { rwdMigrations, SourceRegistry } from "@kakehashi/rwd";
import { ScreenRunner, screenMigrations } from "@kakehashi/screen";
import type { Store } from "@kakehashi/store";
import { closeSimulationWorkers, trialsMigrations } from "@kakehashi/trials";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
} from "fastify-type-provider-zod";
import { registerAuth } from "./auth.ts";
import { apiNotFound, registerProblemHandlers, zodValidatorCompiler } from "./problems.ts";
import { accountRoutes } from "./routes/accounts.ts";
import { authRoutes, type LoginLimits } from "./routes/auth.ts";
import { lagRoutes } from "./routes/lag.ts";
import { partneringRoutes } from "./routes/partnering.ts";
import { rwdRoutes } from "./routes/rwd.ts";
import { screenRoutes } from "./routes/screen.ts";
import { seedRoutes } from "./routes/seeds.ts";
import { systemRoutes } from "./routes/system.ts";
import { trialRoutes } from "./routes/trials.ts";

/** Every table of the platform store: accounts and audit, the seed pipeline, RWD studies, trial designs, screens, partnering. */
export const PLATFORM_MIGRATIONS = {
  ...seedPlatformMigrations,
  ...rwdMigrations,
  ...trialsMigrations,
  ...screenMigrations,
  ...partneringMigrations,
};

export const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

export interface ServerOptions {
  store: Store;
  /** built web UI to serve at /; omitted or missing folder = API only */
  webDist?: string;
  logger?: FastifyServerOptions["logger"];
  loginLimits?: LoginLimits;
  /** the folder of RWD data sources (*.duckdb) this server offers; default: none */
  rwdSources?: SourceRegistry;
  /** e-mail for notifications; default: from KAKEHASHI_SMTP_URL, none without it (in-app only) */
  mailer?: Mailer | null;
  /** the folder of the approval lists (FDA, PMDA, EMA) of the drug-lag monitor; default: none */
  lagFolder?: string;
  /** the folder of screen files (compound libraries, target structures, docking cache); default: a temporary one */
  screenWorkspace?: string;
  /** parallel docking processes of a screen (default: every core) */
  dockingWorkers?: number;
  /** behind a TLS-terminating proxy: trust X-Forwarded-* for the client address and protocol */
  trustProxy?: boolean;
  /** remind the desk of due follow-ups every this many ms (at start, then on this schedule); default: off */
  followUpReminderMs?: number;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Kakehashi API",
        version: KAKEHASHI_VERSION,
        description:
          "Kakehashi (架け橋): drug-development support platform. Errors are RFC 9457 problem+json in the " +
          "language of Accept-Language (ja, en). Browser sessions send x-csrf-token on state-changing requests; " +
          "scripts use Authorization: Bearer <API token>.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "kh_session" },
          bearer: { type: "http", scheme: "bearer", description: "API token from POST /api/tokens" },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: "/docs",
    // no calls to the public validator service: this page works on a closed network
    uiConfig: { validatorUrl: null },
    staticCSP:
      "default-src 'self'; base-uri 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; " +
      "script-src-attr 'none'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, options.store);
  systemRoutes(app, options.store);
  authRoutes(app, options.store, options.loginLimits ?? { perAccount: 10, perAddress: 60 });
  accountRoutes(app, options.store);
  seedRoutes(app, pipelineDb(options.store.db));
  const sources =
    options.rwdSources ?? new SourceRegistry(mkdtempSync(join(tmpdir(), "kakehashi-rwd-none-")));
  rwdRoutes(app, options.store, pipelineDb(options.store.db), sources);
  app.addHook("onClose", async () => sources.close());
  trialRoutes(app, options.store, pipelineDb(options.store.db));
  app.addHook("onClose", async () => closeSimulationWorkers());
  const approvals = new ApprovalsMonitor(
    options.lagFolder ?? mkdtempSync(join(tmpdir(), "kakehashi-lag-none-")),
  );
  lagRoutes(app, pipelineDb(options.store.db), approvals);
  const mailer = options.mailer === undefined ? mailerFromEnv() : options.mailer;
  // unmet need in Japan for matching: the monitor's state is loaded once per request, then looked up per seed
  partneringRoutes(
    app,
    options.store,
    async () => {
      const state = await approvals.current();
      if (!state) return undefined;
      return (icd10: string) => {
        const { n, notApprovedJp, medianLagMonths } = indicationLag(state, icd10, 0).summary;
        return { n, notApprovedJp, medianLagMonths };
      };
    },
    { community: { mailer } },
  );
  const reminderMs = options.followUpReminderMs;
  if (reminderMs) {
    let reminders: { stop(): Promise<void> } | undefined;
    app.addHook("onReady", async () => {
      reminders = startFollowUpReminders(options.store.db, {
        intervalMs: reminderMs,
        mailer,
        onError: (error) => app.log.error(error),
      });
    });
    app.addHook("onClose", async () => reminders?.stop());
  }
  const screenWorkspace = {
    folder: options.screenWorkspace ?? mkdtempSync(join(tmpdir(), "kakehashi-screen-")),
  };
  const screenRunner = new ScreenRunner(options.store.db, screenWorkspace, {
    ...(options.dockingWorkers ? { workers: options.dockingWorkers } : {}),
    onError: (error) => app.log.error(error),
  });
  screenRoutes(app, options.store, pipelineDb(options.store.db), screenWorkspace, screenRunner);
  // screens left queued or running by a previous process go on (docked ligands come from the cache)
  app.addHook("onReady", async () => screenRunner.resume());
  app.addHook("onClose", async () => screenRunner.stop());

  const webDist = options.webDist;
  const serveWeb = webDist !== undefined && existsSync(`${webDist}/index.html`);
  if (serveWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    // the web UI routes on the client: any non-API GET gets the page
    if (serveWeb && request.method === "GET" && !request.url.startsWith("/api/"))
      return reply.type("text/html").sendFile("index.html");
    return apiNotFound(request, reply);
  });
  return app;
}
