import type { PlotOptions } from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { LAG_REGIONS, type LagMedicine, type LagRegion } from "../../api.ts";
import { PlotChart, type PlotLibrary } from "../../components/PlotChart.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { formatLag } from "./labels.ts";

const REGION_COLOUR: Record<LagRegion, string> = { us: "#2e3a87", eu: "#2f8f6b", jp: "#a3192b" };

interface Point {
  region: LagRegion;
  date: Date;
  iso: string;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * The three first approvals on one time axis, one lane per region; the lag is the segment from the first
 * US/EU approval to the Japanese one.
 */
export function Timeline({ medicine }: { medicine: LagMedicine }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const points = useMemo<Point[]>(
    () =>
      LAG_REGIONS.flatMap((region) => {
        const date = medicine[region]?.date;
        return date ? [{ region, date: utc(date), iso: date }] : [];
      }),
    [medicine],
  );

  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => {
      const first = medicine.firstUsEu;
      const jp = medicine.jp?.date;
      const lag =
        first && jp && medicine.lagMonths !== null
          ? [{ start: utc(first.date), end: utc(jp), from: first.region, months: medicine.lagMonths }]
          : [];
      const dates = points.map((p) => p.date.getTime());
      const pad = 180 * 86_400_000;
      return {
        width: Math.max(Math.min(available, 900), 360),
        height: 190,
        marginLeft: 70,
        marginRight: 30,
        style: { fontSize: "12px", fontFamily: "inherit" },
        x: {
          type: "utc",
          domain: [new Date(Math.min(...dates) - pad), new Date(Math.max(...dates) + pad)],
          label: null,
          grid: true,
        },
        y: {
          type: "point",
          domain: [...LAG_REGIONS],
          padding: 0.6,
          label: null,
          tickFormat: (r: LagRegion) => t(`lag.regions.${r}`),
        },
        marks: [
          // the lag: from the first US/EU approval (in its lane) down to Japan, then along Japan's lane
          Plot.link(lag, {
            x1: "start",
            x2: "start",
            y1: "from",
            y2: () => "jp",
            stroke: "#535a6b",
            strokeDasharray: "3 3",
          }),
          Plot.ruleY(lag, {
            y: () => "jp",
            x1: "start",
            x2: "end",
            stroke: REGION_COLOUR.jp,
            strokeWidth: 3,
            strokeOpacity: 0.5,
          }),
          Plot.text(lag, {
            x: (d: { start: Date; end: Date }) => new Date((d.start.getTime() + d.end.getTime()) / 2),
            y: () => "jp",
            text: (d: { months: number }) => t("lag.detail.lagLabel", { lag: formatLag(t, d.months, lang) }),
            dy: -10,
          }),
          Plot.dot(points, {
            x: "date",
            y: "region",
            r: 6,
            fill: (p: Point) => REGION_COLOUR[p.region],
            title: (p: Point) => `${t(`lag.regions.${p.region}`)} ${p.iso}`,
          }),
          Plot.text(points, { x: "date", y: "region", text: "iso", dy: 14 }),
        ],
      };
    },
    [medicine, points, t, lang],
  );

  if (points.length === 0) return <p className="muted">{t("lag.detail.noDates")}</p>;
  return (
    <figure className="figure">
      <PlotChart
        build={build}
        label={t("lag.detail.timelineLabel", { name: medicine.name })}
        testId="lag-timeline"
      />
    </figure>
  );
}
