import {
  canManageOrganisations,
  canManageUsers,
  canReadOrganisationPrivate,
  forbidden,
  notFound,
} from "@kakehashi/core";
import {
  createAccount,
  createApiToken,
  createOrganisation,
  getOrganisation,
  listApiTokens,
  listOrganisationMembers,
  listOrganisations,
  revokeApiToken,
  type Store,
} from "@kakehashi/store";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf, auditActorOf, requireAccount, SECURED } from "../auth.ts";
import {
  AccountSchema,
  ApiTokenSchema,
  IdParams,
  NewApiTokenBody,
  NewOrganisationBody,
  NewUserBody,
  OrganisationSchema,
  problemResponses,
} from "../schemas.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export function accountRoutes(app: FastifyInstance, store: Store) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/me",
    {
      schema: {
        tags: ["accounts"],
        summary: "The calling account",
        security: SECURED,
        response: { 200: AccountSchema, ...problemResponses(401) },
      },
    },
    async (request) => requireAccount(request),
  );

  r.get(
    "/api/tokens",
    {
      schema: {
        tags: ["accounts"],
        summary: "My API tokens (secrets are never shown again)",
        security: SECURED,
        response: { 200: z.array(ApiTokenSchema), ...problemResponses(401) },
      },
    },
    async (request) => listApiTokens(store.db, requireAccount(request).id),
  );

  r.post(
    "/api/tokens",
    {
      schema: {
        tags: ["accounts"],
        summary: "Create an API token for scripts: send it as Authorization: Bearer <token>",
        security: SECURED,
        body: NewApiTokenBody,
        response: {
          201: z.object({ token: z.string(), info: ApiTokenSchema }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const account = requireAccount(request);
      const { expiresInDays, name } = request.body;
      const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * DAY_MS) : null;
      return reply.status(201).send(await createApiToken(store.db, account, { name, expiresAt }));
    },
  );

  r.delete(
    "/api/tokens/:id",
    {
      schema: {
        tags: ["accounts"],
        summary: "Revoke one of my API tokens",
        security: SECURED,
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await revokeApiToken(store.db, requireAccount(request), request.params.id)))
        throw notFound(`API token ${request.params.id}`);
      return reply.status(204).send(null);
    },
  );

  r.get(
    "/api/organisations",
    {
      schema: {
        tags: ["organisations"],
        summary: "All organisations (public profile: names and kind)",
        security: SECURED,
        response: { 200: z.array(OrganisationSchema), ...problemResponses(401) },
      },
    },
    async (request) => {
      requireAccount(request);
      return listOrganisations(store.db);
    },
  );

  r.post(
    "/api/organisations",
    {
      schema: {
        tags: ["organisations"],
        summary: "Register an organisation (admin)",
        security: SECURED,
        body: NewOrganisationBody,
        response: { 201: OrganisationSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const account = requireAccount(request);
      if (!canManageOrganisations(actorOf(account))) throw forbidden("organisation.create");
      return reply.status(201).send(await createOrganisation(store.db, auditActorOf(account), request.body));
    },
  );

  r.get(
    "/api/organisations/:id",
    {
      schema: {
        tags: ["organisations"],
        summary: "An organisation's public profile",
        security: SECURED,
        params: IdParams,
        response: { 200: OrganisationSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      requireAccount(request);
      return getOrganisation(store.db, request.params.id);
    },
  );

  r.get(
    "/api/organisations/:id/members",
    {
      schema: {
        tags: ["organisations"],
        summary: "Members of an organisation (its own members and admins only)",
        security: SECURED,
        params: IdParams,
        response: { 200: z.array(AccountSchema), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const account = requireAccount(request);
      if (!canReadOrganisationPrivate(actorOf(account), request.params.id))
        throw forbidden("organisation.members.read");
      await getOrganisation(store.db, request.params.id);
      return listOrganisationMembers(store.db, request.params.id);
    },
  );

  r.post(
    "/api/users",
    {
      schema: {
        tags: ["accounts"],
        summary: "Create a user account in an organisation (admin)",
        security: SECURED,
        body: NewUserBody,
        response: { 201: AccountSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const account = requireAccount(request);
      if (!canManageUsers(actorOf(account))) throw forbidden("user.create");
      return reply.status(201).send(await createAccount(store.db, auditActorOf(account), request.body));
    },
  );
}
