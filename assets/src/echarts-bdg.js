// echarts-bdg.js: the part of ECharts that bdg draws with, built by build.mjs
// into dist/echarts-bdg.min.js and exposed as the global `echarts`, as
// go-echarts options and bdg.js expect. The full echarts.min.js is three times
// larger and was most of every page's weight.
//
// What is here is what dashboards/charts.go builds and bdg.js sets at run
// time, and what the charts are about to use (grouped and horizontal bars,
// average and target lines, a vertical reform marker, scrollable legends,
// value labels). A chart type or component that is not listed is silently
// ignored by ECharts; bdg.js reports it on the console, which fails the browser
// tests. To add one, import it below and add it to use([...]): one line each.
import { use } from 'echarts/core';
import {
  BarChart, // communeBar, periodBars (grouped and horizontal bars too)
  LineChart, // trendLines, profileLine
  HeatmapChart, // completenessHeatmap
} from 'echarts/charts';
import {
  TitleComponent, // every chart: title with period and source
  TooltipComponent, // axis and item tooltips (brings the axis pointer)
  ToolboxComponent, // PNG and SVG download buttons (bdg.js adds them)
  GridComponent, // cartesian axes of bars, lines and the heatmap
  LegendComponent, // plain and scroll legends (trends: type "scroll")
  VisualMapPiecewiseComponent, // the heatmap's status colours (VisualMapComponent adds continuous: +4 KB gzip)
  MarkLineComponent, // average and target lines, the reform marker
  MarkAreaComponent, // shaded spans (before/after the 2025 reform)
  // Not drawn today, so not here: DataZoomComponent (+7 KB gzip), MarkPointComponent.
} from 'echarts/components';
import {
  CanvasRenderer, // what the pages draw with
  SVGRenderer, // the SVG download (bdg.js renders the option again with ssr)
} from 'echarts/renderers';

use([
  BarChart, LineChart, HeatmapChart,
  TitleComponent, TooltipComponent, ToolboxComponent, GridComponent, LegendComponent,
  VisualMapPiecewiseComponent, MarkLineComponent, MarkAreaComponent,
  CanvasRenderer, SVGRenderer,
]);

// The whole core API: init, getInstanceByDom, format.encodeHTML, graphic…
export * from 'echarts/core';
