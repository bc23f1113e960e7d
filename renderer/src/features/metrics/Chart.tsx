import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only the parts the dashboards draw, with the SVG renderer: crisp in both themes, and no canvas in tests.
echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | HeatmapSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

/** Series colours (Okabe–Ito, colour-blind safe), with lighter twins for the dark theme. */
const LIGHT_SERIES = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];
const DARK_SERIES = ['#56b4e9', '#f0a35e', '#3fd0a5', '#e59ccc', '#f2c14e', '#9fd4f5'];

export interface ChartTheme {
  dark: boolean;
  text: string;
  muted: string;
  border: string;
  surface: string;
  series: string[];
}

function readTheme(): ChartTheme {
  const dark = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    dark,
    text: v('--text', dark ? '#e7e9ed' : '#1b1f24'),
    muted: v('--text-muted', dark ? '#a9b0bb' : '#4f5764'),
    border: v('--border', dark ? '#343942' : '#d5d9e0'),
    surface: v('--surface', dark ? '#1d2025' : '#ffffff'),
    series: dark ? DARK_SERIES : LIGHT_SERIES,
  };
}

/** The theme the charts draw in; follows the system's light/dark setting as it changes. */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setTheme(readTheme());
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return theme;
}

/** Axis styling shared by every chart. */
export function axisStyle(theme: ChartTheme) {
  return {
    axisLabel: { color: theme.muted },
    axisLine: { lineStyle: { color: theme.border } },
    splitLine: { lineStyle: { color: theme.border } },
    nameTextStyle: { color: theme.muted },
  };
}

export interface ChartProps {
  /** What the chart shows, for people who cannot see it (the table below says it in full). */
  label: string;
  option: ChartOption;
  height?: number;
  /** A click on a data point: drill down to the records behind it. */
  onSelect?: (point: { dataIndex: number; seriesIndex: number }) => void;
  /** The same numbers as a table: always in the page, shown on request. */
  table: ReactNode;
}

/**
 * One chart and its data table. The chart is an image to assistive technology (labelled); the table, one click
 * away under it, carries every number, and every drill-down is also a button in the lists beside each chart.
 */
export function Chart({ label, option, height = 240, onSelect, table }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | null>(null);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });
  const tableId = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'svg', width: el.clientWidth || 600, height });
    chart.current = instance;
    instance.on('click', (params) => select.current?.({ dataIndex: params.dataIndex, seriesIndex: params.seriesIndex ?? 0 }));
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => instance.resize({ width: el.clientWidth || 600, height })) : null;
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [height]);

  useEffect(() => {
    chart.current?.setOption({ animation: false, backgroundColor: 'transparent', ...option }, { notMerge: true });
  }, [option]);

  return (
    <figure className="metrics-chart">
      <div ref={ref} className="metrics-chart__canvas" role="img" aria-label={label} style={{ height }} data-clickable={onSelect ? 'true' : undefined} />
      <details className="metrics-chart__table">
        <summary aria-controls={tableId}>Show the numbers as a table</summary>
        <div id={tableId}>{table}</div>
      </details>
    </figure>
  );
}
