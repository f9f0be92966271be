// frappe-ui ships raw source that does not pass vue-tsc --strict (docs/conventions.md): this is the small typed
// surface Postventa uses, checked against the components' documented props.
declare module 'frappe-ui' {
  import type { DefineComponent } from 'vue';
  export const Button: DefineComponent<{
    variant?: 'solid' | 'subtle' | 'outline' | 'ghost';
    theme?: 'gray' | 'blue' | 'green' | 'red';
    size?: 'sm' | 'md' | 'lg';
    label?: string;
    loading?: boolean;
    disabled?: boolean;
    type?: string;
  }>;
  export const Badge: DefineComponent<{
    theme?: 'gray' | 'blue' | 'green' | 'orange' | 'red';
    variant?: 'solid' | 'subtle' | 'outline' | 'ghost';
    size?: 'sm' | 'md' | 'lg';
    label?: string;
  }>;
  export interface AxisChartSeries {
    /** The data key of the series, also its legend label. */
    name: string;
    type: 'bar' | 'line' | 'area';
    color?: string;
    axis?: 'y' | 'y2';
    showDataLabels?: boolean;
  }
  export interface AxisChartConfig {
    data: Record<string, string | number | null>[];
    title: string;
    subtitle?: string;
    colors?: string[];
    xAxis: { key: string; type: 'category' | 'time' | 'value'; title?: string };
    yAxis: { title?: string; yMin?: number; yMax?: number };
    y2Axis?: { title?: string; yMin?: number; yMax?: number };
    stacked?: boolean;
    series: AxisChartSeries[];
  }
  /** frappe-ui's ECharts axis chart (bars, lines, areas). */
  export const AxisChart: DefineComponent<{ config: AxisChartConfig }>;
  export function setConfig(key: string, value: unknown): void;
}
