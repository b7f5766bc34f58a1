// bdg.js: draws the charts that the server prepared. Each .bdg-chart element
// carries its ECharts option as JSON in data-option (built by go-echarts on
// the server) plus, optionally, data-codes (commune codes, parallel to the
// category axis) and data-link (the commune page prefix). Formatters live
// here because JSON cannot carry functions: numbers are shown the
// Vietnamese way (1.500; 33,3) or the English way, and every label is
// escaped before it reaches a tooltip's HTML.
(function () {
  'use strict';
  var lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
  var locale = lang === 'en' ? 'en-GB' : 'vi-VN';
  var fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  function num(v) {
    if (v === null || v === undefined || v === '' || v === '-') return lang === 'en' ? 'no data' : 'không có số liệu';
    if (typeof v === 'object' && v !== null && 'value' in v) v = v.value;
    if (Array.isArray(v)) v = v[v.length - 1];
    return typeof v === 'number' ? fmt.format(v) : String(v);
  }
  function esc(s) { return window.echarts.format.encodeHTML(String(s)); }

  function tooltip(params) {
    var list = Array.isArray(params) ? params : [params];
    if (!list.length) return '';
    var head = list[0].axisValueLabel !== undefined ? list[0].axisValueLabel : list[0].name;
    var out = '<b>' + esc(head) + '</b>';
    list.forEach(function (p) {
      var unit = p.seriesId && p.seriesId.indexOf('pct') >= 0 ? ' %' : '';
      out += '<br>' + p.marker + esc(p.seriesName) + ': <b>' + esc(num(p.value)) + unit + '</b>';
    });
    return out;
  }

  function draw(el) {
    var option;
    try { option = JSON.parse(el.getAttribute('data-option')); } catch (e) { return; }
    var chart = window.echarts.init(el, null, { renderer: el.getAttribute('data-renderer') || 'canvas' });
    option.tooltip = Object.assign({}, option.tooltip || {}, { formatter: tooltip, confine: true });
    [].concat(option.yAxis || []).forEach(function (a) {
      a.axisLabel = Object.assign({}, a.axisLabel || {}, { formatter: function (v) { return fmt.format(v); } });
    });
    if (option.series) {
      option.series.forEach(function (s) {
        if (s.label && s.label.show) s.label.formatter = function (p) { return num(p.value); };
        if (s.markLine) s.markLine.label = Object.assign({}, s.markLine.label || {}, { formatter: function (p) { return num(p.value); } });
      });
    }
    chart.setOption(option);
    var codes = null;
    try { codes = JSON.parse(el.getAttribute('data-codes') || 'null'); } catch (e) { codes = null; }
    var link = el.getAttribute('data-link');
    if (codes && link) {
      chart.on('click', function (p) {
        var code = codes[p.dataIndex];
        if (code) window.location.href = link + encodeURIComponent(code) + (lang === 'en' ? '?lang=en' : '');
      });
    }
    el.setAttribute('data-drawn', '1');
    window.addEventListener('resize', function () { chart.resize(); });
  }

  function init() {
    if (!window.echarts) return;
    [].forEach.call(document.querySelectorAll('.bdg-chart'), draw);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
