import {
  KakehashiError,
  type Locale,
  negotiateLocale,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  problemFor,
  problemFromError,
  validationError,
} from "@kakehashi/core";
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaCompiler,
} from "fastify";
import type { ZodType } from "zod";

export const localeOf = (request: FastifyRequest): Locale =>
  negotiateLocale(request.headers["accept-language"]);

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  return reply
    .status(problem.status)
    .header("content-type", PROBLEM_CONTENT_TYPE)
    .header("content-language", localeOf(request))
    .header("vary", "Accept-Language")
    .send(problem);
}

/** Zod validation that keeps the bad input on each issue, so messages can say what was received. */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    return result.success ? { value: result.data } : { error: validationError(result.error.issues) };
  };

const BODY_PARSE_ERRORS = new Set(["FST_ERR_CTP_INVALID_JSON_BODY", "FST_ERR_CTP_EMPTY_JSON_BODY"]);

interface OwnText {
  text(locale: Locale): { title: string; detail: string; fix: string };
}
const hasOwnText = (error: KakehashiError): error is KakehashiError & OwnText =>
  typeof (error as Partial<OwnText>).text === "function";

function toProblem(error: FastifyError | KakehashiError, request: FastifyRequest): Problem {
  const locale = localeOf(request);
  if (error instanceof KakehashiError) {
    const problem = problemFromError(error, locale, request.url);
    // an error with its own bilingual texts (a package's refusals) speaks for itself; the code stays core's
    if (!hasOwnText(error)) return problem;
    const { title, detail, fix } = error.text(locale);
    return { ...problem, title, detail, fix };
  }
  if (BODY_PARSE_ERRORS.has(error.code))
    return problemFor("malformed-body", 400, locale, { reason: error.message }, request.url);
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
    return problemFor(
      "unsupported-media-type",
      415,
      locale,
      { type: String(request.headers["content-type"]) },
      request.url,
    );
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return problemFor("bad-request", status, locale, { reason: error.message }, request.url);
  return problemFor("internal-error", 500, locale, {}, request.url);
}

/** Every error leaves the server as problem+json in the request's language; 5xx details stay in the log. */
export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | KakehashiError, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, "request failed");
    if (error instanceof KakehashiError && error.status === 429 && error.params.seconds)
      reply.header("retry-after", String(error.params.seconds));
    return sendProblem(request, reply, problem);
  });
}

export function apiNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(
    request,
    reply,
    problemFor(
      "not-found",
      404,
      localeOf(request),
      { what: `${request.method} ${request.url.split("?")[0]}` },
      request.url,
    ),
  );
}
