import path from "node:path";
import { KakehashiError, notFound } from "@kakehashi/core";
import {
  type ApprovalsMonitor,
  figureCsv,
  findMedicines,
  indicationLag,
  lagByArea,
  lagByYear,
  lossShareByYear,
  type MonitorState,
  medicineSummary,
  medicinesCsv,
  orphanComparison,
  SOURCE_IDS,
  summariseApprovals,
} from "@kakehashi/lag";
import { getSeedSummary, type PipelineDb } from "@kakehashi/pipeline";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireAccount, SECURED } from "../auth.ts";
import { problemResponses } from "../schemas.ts";

const tags = ["drug lag"];
const denied = problemResponses(400, 401, 404, 409);
const year = z.coerce.number().int().min(1900).max(2100);
const IsoDate = z.iso.date();

const MedicineFilters = z.object({
  q: z.string().max(200).optional(),
  area: z.string().max(20).optional(),
  status: z.enum(["approved-jp", "not-approved-jp", "in-development-jp"]).optional(),
  orphan: z.enum(["true", "false"]).optional(),
  from: year.optional(),
  to: year.optional(),
  ids: z.string().max(200_000).optional(),
  sort: z.enum(["lag", "-lag", "name", "first"]).optional(),
});
type MedicineFilters = z.infer<typeof MedicineFilters>;
const Page = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const LagParams = z.object({
  by: z.enum(["year", "area"]).default("year"),
  basis: z.enum(["jp-approval", "first-us-eu-approval"]).default("jp-approval"),
  from: year.optional(),
  to: year.optional(),
});
const LossParams = z.object({ cutoff: IsoDate.optional(), from: year.optional(), to: year.optional() });

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };

const medicineQuery = (f: MedicineFilters) =>
  defined({
    q: f.q,
    area: f.area,
    status: f.status,
    orphan: f.orphan === undefined ? undefined : f.orphan === "true",
    from: f.from,
    to: f.to,
    ids: f.ids ? f.ids.split(",").filter(Boolean).slice(0, 2000) : undefined,
    sort: f.sort,
  });

const lagFigure = (state: MonitorState, p: z.infer<typeof LagParams>) => {
  const range = defined({ from: p.from, to: p.to });
  return p.by === "area"
    ? lagByArea(state.load.medicines, range)
    : lagByYear(state.load.medicines, { basis: p.basis, ...range });
};
const lossOptions = (state: MonitorState, p: z.infer<typeof LossParams>) =>
  defined({ cutoff: p.cutoff, from: p.from, to: p.to, jpCoverage: state.load.jpCoverage });

const csv = (reply: FastifyReply, name: string, body: string) =>
  reply
    .type("text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${name}"`)
    .send(body);

/**
 * The drug-lag / drug-loss monitor. The approval lists are public data: every logged-in user may read
 * every figure and the medicines behind it.
 */
export function lagRoutes(app: FastifyInstance, pipeline: PipelineDb, monitor: ApprovalsMonitor) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const loaded = async (): Promise<MonitorState> => {
    const state = await monitor.current();
    if (!state)
      throw new KakehashiError("lag-data-missing", 409, { missing: monitor.missingFiles().join(", ") });
    return state;
  };
  const authenticated = {
    preValidation: async (request: Parameters<typeof requireAccount>[0]) => {
      requireAccount(request);
    },
  };

  r.get(
    "/api/lag/status",
    {
      ...authenticated,
      schema: {
        tags,
        summary: "Which approval lists are loaded: rows used and reported per source, medicines, matching",
        security: SECURED,
      },
    },
    async () => {
      const state = await monitor.current();
      if (!state) {
        const missing = monitor.missingFiles().join(", ");
        return {
          available: false,
          hint: {
            ja: `承認品目リストがありません（不足: ${missing}）。\`kakehashi lag fetch\` で取得するか、同じ形式のファイルをデータフォルダに置いてください。`,
            en: `No approval lists (missing: ${missing}). Fetch them with \`kakehashi lag fetch\`, or put files of the same format in the data folder.`,
          },
        };
      }
      const summary = summariseApprovals(state.load);
      return {
        available: true,
        sources: SOURCE_IDS.map((source) => {
          const { file, dataRows, used, reportedOnly, faults } = summary.sources[source];
          return { source, file: path.basename(file), dataRows, used, reportedOnly, faults };
        }),
        medicines: summary.medicines.total,
        approvedJp: summary.medicines.approvedJp,
        withLag: summary.medicines.withLag,
        jpCoverage: summary.jpCoverage,
        matching: summary.matching,
        loadedAt: state.loadedAt.toISOString(),
      };
    },
  );

  r.get(
    "/api/lag/medicines",
    {
      ...authenticated,
      schema: {
        tags,
        summary: "Medicines (new active ingredients) with their first US / EU / JP approvals and lag",
        security: SECURED,
        querystring: MedicineFilters.extend(Page.shape),
        response: { 200: z.unknown(), ...denied },
      },
    },
    async (request) => {
      const state = await loaded();
      const found = findMedicines(state.load.medicines, medicineQuery(request.query));
      const { limit, offset } = request.query;
      return { total: found.length, items: found.slice(offset, offset + limit).map(medicineSummary) };
    },
  );

  r.get(
    "/api/lag/medicines.csv",
    {
      ...authenticated,
      schema: { tags, summary: "The medicine table as CSV", security: SECURED, querystring: MedicineFilters },
    },
    async (request, reply) => {
      const state = await loaded();
      return csv(
        reply,
        "medicines.csv",
        medicinesCsv(findMedicines(state.load.medicines, medicineQuery(request.query))),
      );
    },
  );

  r.get(
    "/api/lag/medicines/:id",
    {
      ...authenticated,
      schema: {
        tags,
        summary: "One medicine: approvals per region, JP indications, how its names were matched",
        security: SECURED,
        params: z.object({ id: z.string().min(1).max(400) }),
      },
    },
    async (request) => {
      const state = await loaded();
      const medicine = state.load.medicines.find((m) => m.id === request.params.id);
      if (!medicine) throw notFound(`medicine ${request.params.id}`);
      return medicine;
    },
  );

  r.get(
    "/api/lag/analyses/lag",
    {
      ...authenticated,
      schema: {
        tags,
        summary:
          "Median and quartiles of the lag by approval year or therapeutic area, with the medicines behind each",
        security: SECURED,
        querystring: LagParams,
      },
    },
    async (request) => lagFigure(await loaded(), request.query),
  );

  r.get(
    "/api/lag/analyses/loss",
    {
      ...authenticated,
      schema: {
        tags,
        summary: "Share of US/EU new active ingredients not approved in Japan by a cut-off, by year",
        security: SECURED,
        querystring: LossParams,
      },
    },
    async (request) => {
      const state = await loaded();
      return lossShareByYear(state.load.medicines, lossOptions(state, request.query));
    },
  );

  r.get(
    "/api/lag/analyses/orphan",
    {
      ...authenticated,
      schema: {
        tags,
        summary: "Orphan against non-orphan medicines: lag and loss",
        security: SECURED,
        querystring: LossParams,
      },
    },
    async (request) => {
      const state = await loaded();
      return orphanComparison(state.load.medicines, lossOptions(state, request.query));
    },
  );

  r.get(
    "/api/lag/figure.csv",
    {
      ...authenticated,
      schema: {
        tags,
        summary: "A figure with the list of medicines behind each number, as CSV",
        security: SECURED,
        querystring: z
          .object({ analysis: z.enum(["lag", "loss", "orphan"]) })
          .extend(LagParams.shape)
          .extend(LossParams.shape),
      },
    },
    async (request, reply) => {
      const state = await loaded();
      const q = request.query;
      let figure: { groups: readonly { group: string; ids: readonly string[] }[] };
      if (q.analysis === "lag") figure = lagFigure(state, q);
      else if (q.analysis === "loss") {
        const loss = lossShareByYear(state.load.medicines, lossOptions(state, q));
        figure = {
          groups: loss.groups.flatMap((g) => [
            g,
            { group: `${g.group} not approved in Japan`, ids: g.notApprovedIds },
          ]),
        };
      } else {
        const c = orphanComparison(state.load.medicines, lossOptions(state, q));
        figure = {
          groups: (["orphan", "nonOrphan"] as const).flatMap((side) => [
            { group: `${side} lag`, ids: c[side].lag.ids },
            { group: `${side} US/EU new active ingredients`, ids: c[side].loss.ids },
            { group: `${side} not approved in Japan`, ids: c[side].loss.notApprovedIds },
          ]),
        };
      }
      return csv(reply, `${q.analysis}.csv`, figureCsv(figure, state.load.medicines));
    },
  );

  r.get(
    "/api/lag/faults",
    {
      ...authenticated,
      schema: {
        tags,
        summary: "Every fault found in the source files, with its row",
        security: SECURED,
        querystring: z
          .object({ source: z.enum(["fda", "pmda", "ema"]).optional(), kind: z.string().max(60).optional() })
          .extend(Page.shape),
      },
    },
    async (request) => {
      const state = await loaded();
      const { source, kind, limit, offset } = request.query;
      const all = SOURCE_IDS.filter((s) => !source || s === source).flatMap((s) =>
        state.load.loads[s].faults.filter((f) => !kind || f.kind === kind),
      );
      return { total: all.length, items: all.slice(offset, offset + limit) };
    },
  );

  r.get(
    "/api/lag/matching",
    {
      ...authenticated,
      schema: {
        tags,
        summary: "Names matched inexactly (to check), ambiguous names, and names found in one region only",
        security: SECURED,
      },
    },
    async () => {
      const { match } = (await loaded()).load;
      return { fuzzy: match.fuzzy, ambiguous: match.ambiguous, unmatched: match.unmatched.slice(0, 2000) };
    },
  );

  r.get(
    "/api/seeds/:id/lag",
    {
      ...authenticated,
      schema: {
        tags: ["seeds", ...tags],
        summary: "Existing medicines for the seed's indication: how many reached Japan, and their lag",
        security: SECURED,
        params: z.object({ id: z.uuid() }),
        response: { 200: z.unknown(), ...denied },
      },
    },
    async (request) => {
      // only the public fields of the seed (ICD-10 code, indication) are read
      const seed = await getSeedSummary(pipeline, request.params.id);
      const state = await loaded();
      return { ...indicationLag(state, seed.icd10), indication: seed.indication };
    },
  );
}
