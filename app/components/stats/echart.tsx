// One ECharts chart, loaded only where statistics are shown (a lazy import of this module): the
// tree-shaken `echarts/core` with just the line and bar charts and the components they use, drawn
// as SVG. The chart is named for assistive technology (role img + aria-label) and ECharts' own
// aria description; the numbers are always also in a table next to it (TrendCharts).
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

export interface ChartSeries {
  name: string;
  type: "line" | "bar";
  values: (number | null)[];
  /** horizontal reference lines: [label, value] */
  references?: [string, number][];
}

export default function EChart({ label, categories, series, unit }: { label: string; categories: string[]; series: ChartSeries[]; unit: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: "svg" });
    chart.setOption({
      aria: { enabled: true, label: { description: label } },
      animation: false,
      grid: { left: 56, right: 24, top: 40, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: categories },
      yAxis: { type: "value", name: unit },
      series: series.map((s) => ({
        name: s.name,
        type: s.type,
        data: s.values,
        markLine: s.references?.length
          ? {
              symbol: "none",
              silent: true,
              label: { formatter: "{b}", position: "insideEndTop" },
              lineStyle: { type: "dashed" },
              data: s.references.map(([name, value]) => ({ name, yAxis: value })),
            }
          : undefined,
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [label, categories, series, unit]);
  return <div ref={ref} className="chart" role="img" aria-label={label} />;
}
