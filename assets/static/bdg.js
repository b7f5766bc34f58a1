// bdg.js: draws the charts that the server prepared. Each .bdg-chart element
// carries its ECharts option as JSON in data-option (built by go-echarts on
// the server), data-links (page URLs parallel to what a click hits, as said
// by data-click: the category axis, the series, or the heatmap's y axis) and
// data-file (the download name). Formatters live here because JSON cannot
// carry functions: numbers are shown the Vietnamese way (1.500; 33,3) or the
// English way, and every label is escaped before it reaches a tooltip's HTML.
(function () {
  'use strict';
  // Deferred scripts run in order, so this runs just after ECharts has been
  // fetched and evaluated: make bench reads the mark to tell that time from
  // the drawing that follows.
  if (window.performance && performance.mark) performance.mark('bdg:start');
  var lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
  var locale = lang === 'en' ? 'en-GB' : 'vi-VN';
  var fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  var svgIcon = 'path://M4 4h16v16H4z M8 12h8 M12 8v8';
  function num(v) {
    if (v !== null && typeof v === 'object' && 'value' in v) v = v.value;
    if (Array.isArray(v)) v = v[v.length - 1];
    if (v === null || v === undefined || v === '' || v === '-') return lang === 'en' ? 'no data' : 'không có số liệu';
    return typeof v === 'number' ? fmt.format(v) : String(v);
  }
  function esc(s) { return window.echarts.format.encodeHTML(String(s)); }

  // numeric tells whether a series value is a number (a gap is "-").
  function numeric(v) { return typeof v === 'number' || (v && typeof v.value === 'number'); }

  // axisTooltip lists each series' value at the pointed category, with the
  // chart's unit (a ratio's "%") as the value labels carry it.
  function axisTooltip(unit) {
    return function (params) {
      var list = Array.isArray(params) ? params : [params];
      if (!list.length) return '';
      var head = list[0].axisValueLabel !== undefined ? list[0].axisValueLabel : list[0].name;
      var out = '<b>' + esc(head) + '</b>';
      list.forEach(function (p) {
        out += '<br>' + p.marker + esc(p.seriesName) + ': <b>' + esc(num(p.value) + (numeric(p.value) ? unit : '')) + '</b>';
      });
      return out;
    };
  }

  function heatTooltip(yLabels, xLabels) {
    return function (p) {
      var v = p.value || [];
      return '<b>' + esc(yLabels[v[1]] || '') + '</b><br>' + esc(xLabels[v[0]] || '') + ': ' + esc(p.name);
    };
  }

  function download(name, href) {
    var a = document.createElement('a');
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { a.remove(); }, 0);
  }

  // svgOf renders the chart's option again with the SVG renderer, so the
  // picture is a real vector file with the same title, period and source.
  function svgOf(el) {
    var chart = window.echarts.getInstanceByDom(el);
    var ssr = window.echarts.init(null, null, { renderer: 'svg', ssr: true, width: el.clientWidth || 900, height: el.clientHeight || 420 });
    var opt = chart.getOption();
    opt.toolbox = [{ show: false }];
    ssr.setOption(opt);
    var s = ssr.renderToSVGString();
    ssr.dispose();
    return s;
  }

  // bdgExport downloads a chart as PNG or SVG; the toolbox buttons call it,
  // and so can tests.
  function bdgExport(el, type) {
    var name = (el.getAttribute('data-file') || 'bdg-chart') + '.' + type;
    if (type === 'svg') {
      var url = URL.createObjectURL(new Blob([svgOf(el)], { type: 'image/svg+xml' }));
      download(name, url);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      return;
    }
    var chart = window.echarts.getInstanceByDom(el);
    download(name, chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff', excludeComponents: ['toolbox'] }));
  }

  // ECharts' option keys that name components, and the markers of series.
  var componentKeys = ['title', 'legend', 'tooltip', 'toolbox', 'grid', 'xAxis', 'yAxis', 'polar', 'radiusAxis',
    'angleAxis', 'radar', 'geo', 'singleAxis', 'parallel', 'parallelAxis', 'calendar', 'graphic', 'brush',
    'timeline', 'dataZoom', 'visualMap', 'dataset'];
  var markerKeys = ['markLine', 'markArea', 'markPoint'];

  // notBundled lists what an option uses that the ECharts bundle lacks
  // (assets/src/echarts-bdg.js). ECharts' production build ignores such
  // parts without a word, so bdg.js says it on the console, and the browser
  // tests fail on console errors.
  function notBundled(option) {
    var M = window.echarts.ComponentModel, out = [];
    if (!M || !M.getClass) return out;
    var has = function (main, sub) {
      try { return !!(sub && M.hasSubTypes(main) ? M.getClass(main, sub) : M.hasClass(main)); } catch (e) { return false; }
    };
    componentKeys.forEach(function (k) {
      [].concat(option[k] || []).forEach(function (c) {
        if (c && typeof c === 'object' && !has(k, c.type)) out.push(k + (c.type ? '.' + c.type : ''));
      });
    });
    // The bundle's toolbox has no buttons of ECharts' own: only bdg's (my*),
    // which replace saveAsImage.
    [].concat(option.toolbox || []).forEach(function (tb) {
      Object.keys((tb && tb.feature) || {}).forEach(function (f) {
        if (f.indexOf('my') !== 0 && f !== 'saveAsImage') out.push('toolbox.feature.' + f);
      });
    });
    [].concat(option.series || []).forEach(function (s) {
      if (!s) return;
      if (!has('series', s.type || 'line')) out.push('series.' + s.type);
      markerKeys.forEach(function (k) { if (s[k] && !has(k)) out.push(k); });
    });
    return out.filter(function (x, i) { return out.indexOf(x) === i; });
  }

  function draw(el) {
    var option;
    try { option = JSON.parse(el.getAttribute('data-option')); } catch (e) { return; }
    var missing = notBundled(option);
    if (missing.length) console.error('bdg: the ECharts bundle lacks ' + missing.join(', ') + ' (add them to assets/src/echarts-bdg.js)');
    var kind = el.getAttribute('data-kind');
    var unit = el.getAttribute('data-unit') || '';
    // Category labels that do not fit side by side turn, rather than
    // being skipped (a phone shows every period too).
    [].concat(option.xAxis || []).forEach(function (a) {
      if (!a || !a.data || !a.data.length || kind === 'heatmap') return;
      var longest = 0;
      a.data.forEach(function (d) { longest = Math.max(longest, String(d && d.value !== undefined ? d.value : d).length); });
      var room = (el.clientWidth || 900) * 0.85 / a.data.length;
      a.axisLabel = Object.assign({}, a.axisLabel || {});
      if (!a.axisLabel.rotate && room < longest * 6.5) a.axisLabel.rotate = 35;
      a.axisLabel.interval = 0;
      if (a.axisLabel.rotate) {
        // A turned first label reaches left of the plot: leave it room, and
        // keep long labels from eating the plot on a phone.
        [].concat(option.grid || []).forEach(function (g) { if (g && parseInt(g.left || '0', 10) < 60) g.left = 60; });
        a.axisLabel.width = 130;
        a.axisLabel.overflow = 'truncate';
      }
    });
    // Horizontal bars (the communes on the y axis): the first at the top,
    // names cut to a share of the width so that the bars keep theirs.
    if (kind !== 'heatmap') {
      [].concat(option.yAxis || []).forEach(function (a) {
        if (!a || !a.data || !a.data.length) return;
        a.inverse = true;
        a.axisLabel = Object.assign({}, a.axisLabel || {}, { interval: 0, width: Math.max(80, Math.min(160, (el.clientWidth || 900) * 0.3)), overflow: 'truncate' });
      });
      if ((el.clientWidth || 900) < 600) {
        [].concat(option.xAxis || [], option.yAxis || []).forEach(function (a) {
          if (a && !a.data) a.splitNumber = 3;
        });
      }
    }
    var h = parseInt(el.getAttribute('data-height') || '', 10);
    if (h > 0) el.style.height = h + 'px';
    var chart = window.echarts.init(el, null, { renderer: 'canvas' });
    var first = function (x) { return Array.isArray(x) ? x[0] : x; };
    if (kind === 'heatmap') {
      var ys = (first(option.yAxis) || {}).data || [], xs = (first(option.xAxis) || {}).data || [];
      option.tooltip = Object.assign({}, first(option.tooltip) || {}, { formatter: heatTooltip(ys, xs), confine: true });
    } else {
      option.tooltip = Object.assign({}, first(option.tooltip) || {}, { formatter: axisTooltip(unit), confine: true });
      // Value axes only: a category axis (horizontal bars) keeps its names.
      [].concat(option.yAxis || [], option.xAxis || []).forEach(function (a) {
        if (!a || a.type === 'category' || (!a.type && a.data)) return;
        a.axisLabel = Object.assign({}, a.axisLabel || {}, { formatter: function (v) { return fmt.format(v); } });
      });
    }
    if (option.series) {
      option.series.forEach(function (s) {
        if (s.label && s.label.show) s.label.formatter = function (p) { var v = num(p.value); return numeric(p.value) ? v + unit : v; };
        if (s.markLine) {
          // A line across the values (average, target) says its value; a
          // line at a category (the 2025 reform) says its name, on top.
          var atCategory = (s.markLine.data || []).some(function (d) { return d && typeof d.xAxis === 'string'; });
          s.markLine.label = Object.assign({}, s.markLine.label || {}, atCategory
            ? { formatter: function (p) { return p.name; }, position: 'end', color: '#b3261e' }
            : { formatter: function (p) { return p.name + ': ' + num(p.value); }, position: 'insideEndTop' });
        }
      });
    }
    // PNG through bdg's own download (white background, no toolbox); SVG
    // through a second, SVG-rendered copy.
    var tb = first(option.toolbox);
    if (tb && tb.feature) {
      var pngTitle = (tb.feature.saveAsImage && tb.feature.saveAsImage.title) || 'PNG';
      delete tb.feature.saveAsImage;
      tb.feature.myPNG = { show: true, title: pngTitle, icon: 'path://M4 4h16v16H4z M4 16l5-5 4 4 3-3 4 4', onclick: function () { bdgExport(el, 'png'); } };
      tb.feature.mySVG = { show: true, title: document.body.getAttribute('data-svg-label') || 'SVG', icon: svgIcon, onclick: function () { bdgExport(el, 'svg'); } };
      option.toolbox = [tb];
    }
    var links = [];
    try { links = JSON.parse(el.getAttribute('data-links') || '[]') || []; } catch (e) { links = []; }
    var click = el.getAttribute('data-click');
    if (click === 'series' && option.series) {
      // Lines without a page (the district) lie underneath and let clicks through.
      option.series.forEach(function (s, i) { if (!links[i]) { s.silent = true; s.z = 1; } });
    }
    chart.setOption(option);
    if (links.length && click) {
      chart.on('click', function (p) {
        var i = click === 'series' ? p.seriesIndex : click === 'y' ? (p.value || [])[1] : p.dataIndex;
        var href = links[i];
        if (href) window.location.href = href;
      });
      if (click === 'category') {
        // A click on the axis label opens the commune too.
        chart.getZr().on('click', function (e) {
          if (e.target) return;
          var pt = [e.offsetX, e.offsetY];
          if (!chart.containPixel('grid', pt)) return;
          var idx = chart.convertFromPixel({ seriesIndex: 0 }, pt)[0];
          if (links[idx]) window.location.href = links[idx];
        });
      }
    }
    el.setAttribute('data-drawn', '1');
    el.setAttribute('data-drawn-ms', String(Math.round(window.performance.now())));
    window.addEventListener('resize', function () { chart.resize(); });
  }

  // fold makes a name comparable without its marks: "Nhất Hoà" matches "hoa".
  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  }

  // Sortable tables: a click on a header sorts the body by that column
  // (numbers by their data-sort value, words the Vietnamese way), a second
  // click reverses.
  function sortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    [].forEach.call(heads, function (th, col) {
      th.classList.add('sort');
      th.setAttribute('tabindex', '0');
      th.setAttribute('role', 'button');
      var go = function () {
        var dir = th.getAttribute('aria-sort') === 'descending' ? 1 : -1;
        if (!th.getAttribute('aria-sort')) dir = th.classList.contains('num') ? -1 : 1;
        [].forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = [].slice.call(body.rows);
        var key = function (tr) {
          var td = tr.cells[col];
          if (!td) return null;
          var v = td.getAttribute('data-sort');
          if (v !== null) return v === '' ? null : parseFloat(v);
          return td.textContent.trim();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || x === '') return y === null || y === '' ? 0 : 1; // blanks last
          if (y === null || y === '') return -1;
          if (typeof x === 'number' && typeof y === 'number') return dir * (x - y);
          return dir * String(x).localeCompare(String(y), locale, { numeric: true });
        });
        rows.forEach(function (tr) { body.appendChild(tr); });
      };
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
    });
  }

  // The commune search box filters the rows of the commune tables.
  function search(input) {
    input.addEventListener('input', function () {
      var q = fold(input.value.trim());
      [].forEach.call(document.querySelectorAll('table.communes'), function (t) {
        [].forEach.call(t.tBodies[0].rows, function (tr) {
          var name = tr.cells[0] && tr.cells[1] ? (tr.cells[0].textContent + ' ' + tr.cells[1].textContent) : tr.textContent;
          tr.hidden = q !== '' && fold(name).indexOf(q) < 0;
        });
      });
    });
  }

  function initTables() {
    [].forEach.call(document.querySelectorAll('table.sortable'), sortable);
    [].forEach.call(document.querySelectorAll('input.commune-search'), search);
    // The labelled download buttons under each chart.
    document.addEventListener('click', function (e) {
      var b = e.target.closest && e.target.closest('button.chart-dl');
      if (!b) return;
      var el = document.getElementById(b.getAttribute('data-chart'));
      if (el && window.echarts) bdgExport(el, b.getAttribute('data-type'));
    });
  }

  function init() {
    initTables();
    if (!window.echarts) return;
    [].forEach.call(document.querySelectorAll('.bdg-chart'), draw);
    // Paper is narrower than the screen: fit the charts to the A4 page.
    var resizeAll = function () {
      [].forEach.call(document.querySelectorAll('.bdg-chart'), function (el) {
        var c = window.echarts.getInstanceByDom(el);
        if (c) c.resize();
      });
    };
    window.addEventListener('beforeprint', resizeAll);
    window.addEventListener('afterprint', resizeAll);
  }
  window.bdgExport = bdgExport;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
