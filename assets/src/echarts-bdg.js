// echarts-bdg.js: the part of ECharts that bdg draws with, built by build.mjs
// into dist/echarts-bdg.min.js and exposed as the global `echarts`, as
// go-echarts options and bdg.js expect. The full echarts.min.js (329 KB
// gzip, against 197 KB) was most of every page's weight.
//
// What is here is what dashboards/charts.go builds and bdg.js sets at run
// time, and what the charts are about to use (grouped and horizontal bars,
// average and target lines, a vertical reform marker, scrollable legends,
// value labels). A chart type or component that is not listed is silently
// ignored by ECharts; bdg.js reports it on the console, which fails the browser
// tests. To add one, import it below and add it to use([...]): one line each.
import { use } from 'echarts/core';
// The toolbox without ECharts' own buttons. ToolboxComponent also installs
// save-as-image, data view, magic type, data zoom (with its select mode) and
// restore, 11 KB of the bundle's brotli: bdg draws its own PNG and SVG
// buttons (bdg.js's myPNG and mySVG, which need no registration). These two
// modules are below ECharts' public entry points; the version is pinned,
// and a moved file fails the build. A chart that wants one of those buttons
// needs ToolboxComponent from 'echarts/components' instead.
import ToolboxModel from 'echarts/lib/component/toolbox/ToolboxModel.js';
import ToolboxView from 'echarts/lib/component/toolbox/ToolboxView.js';

function ToolboxButtons(registers) {
  registers.registerComponentModel(ToolboxModel);
  registers.registerComponentView(ToolboxView);
}
import {
  BarChart, // communeBar, periodBars (grouped and horizontal bars too)
  LineChart, // trendLines, profileLine
  HeatmapChart, // completenessHeatmap
} from 'echarts/charts';
import {
  TitleComponent, // every chart: title with period and source
  TooltipComponent, // axis and item tooltips (brings the axis pointer)
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
  TitleComponent, TooltipComponent, ToolboxButtons, GridComponent, LegendComponent,
  VisualMapPiecewiseComponent, MarkLineComponent, MarkAreaComponent,
  CanvasRenderer, SVGRenderer,
]);

// The whole core API: init, getInstanceByDom, format.encodeHTML, graphic…
export * from 'echarts/core';
