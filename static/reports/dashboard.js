// Draws the dashboard's charts from the data embedded in the page (json_script).
// Long category names (contract titles, organization names) are shortened on the axis and
// shown in full in the tooltip; series of very different sizes get their own axis; a chart
// without data says so instead of drawing empty axes.
// Tooltips are drawn on the canvas (renderMode "richText"): the HTML tooltip writes style
// attributes into its markup, which the Content-Security-Policy (no 'unsafe-inline') blocks.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  var drawn = [];
  var LABEL_CHARS = 12;

  function shorten(text, size) {
    text = String(text);
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  }

  function longest(names) {
    return names.reduce(function (most, name) { return Math.max(most, String(name).length); }, 0);
  }

  // Names (contracts, organizations) rather than months or years.
  function hasLongNames(item) {
    return longest(item.categories) > 10 && !item.categories.every(function (c) { return /^\d{4}(-\d{2})?$/.test(c); });
  }

  function isEmpty(item) {
    if (!item.categories.length) { return true; }
    return item.series.every(function (s) {
      return s.data.every(function (v) { return !v; });
    });
  }

  function maxOf(series) {
    return series.data.reduce(function (most, v) { return Math.max(most, Number(v) || 0); }, 0);
  }

  function isPercent(item) {
    return item.series.length > 0 && item.series.every(function (s) { return /[%％]/.test(s.name); });
  }

  function pieOption(item) {
    var values = (item.series[0] || { data: [] }).data;
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)", renderMode: "richText" },
      legend: { type: "scroll", bottom: 0 },
      series: [{
        type: "pie", radius: ["35%", "62%"], center: ["50%", "45%"],
        name: (item.series[0] || {}).name || item.title,
        label: { formatter: function (p) { return shorten(p.name, 16) + "\n" + p.value; } },
        data: item.categories.map(function (name, i) { return { name: name, value: values[i] || 0 }; })
      }]
    };
  }

  function axisOption(item) {
    var type = item.kind === "line" ? "line" : "bar";
    var stacked = item.kind === "stacked-bar";
    var percent = isPercent(item);
    // Horizontal bars when the names are long: they can then be read without rotating.
    var horizontal = type === "bar" && hasLongNames(item);
    var many = item.categories.length > 12;
    // A second axis when one series is more than ten times another (sessions against persons).
    var sizes = item.series.map(maxOf);
    var twoAxes = !stacked && !percent && item.series.length === 2 && Math.min.apply(null, sizes) > 0 &&
      Math.max.apply(null, sizes) / Math.min.apply(null, sizes) > 10;
    var categoryAxis = {
      type: "category",
      data: item.categories,
      inverse: horizontal,
      axisLabel: horizontal
        ? { formatter: function (value) { return shorten(value, LABEL_CHARS); } }
        : type === "line"
          ? { hideOverlap: true, rotate: many ? 40 : 0 }
          : { interval: 0, rotate: item.categories.length > 8 ? 40 : 0 }
    };
    var valueAxis = function (name, index) {
      var axis = { type: "value", name: twoAxes ? name : "", nameTextStyle: { align: index ? "right" : "left" } };
      if (percent) { axis.max = 100; axis.axisLabel = { formatter: "{value}%" }; }
      if (index) { axis.splitLine = { show: false }; }
      return axis;
    };
    var valueAxes = twoAxes
      ? [valueAxis(item.series[0].name, 0), valueAxis(item.series[1].name, 1)]
      : [valueAxis("", 0)];
    return {
      tooltip: { trigger: "axis", confine: true, renderMode: "richText" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 16, right: 24, top: twoAxes ? 56 : 36, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxes : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxes,
      series: item.series.map(function (s, index) {
        var entry = { type: type, name: s.name, data: s.data };
        if (stacked) { entry.stack = "total"; }
        if (twoAxes && index === 1) { entry.yAxisIndex = 1; }
        if (type === "line" && many) { entry.showSymbol = false; }
        return entry;
      })
    };
  }

  document.querySelectorAll(".echart[data-chart-index]").forEach(function (element) {
    var item = charts[Number(element.dataset.chartIndex)];
    if (!item) { return; }
    if (isEmpty(item)) {
      element.classList.add("d-flex", "align-items-center", "justify-content-center", "text-muted", "small");
      element.style.height = "120px";
      element.textContent = element.dataset.emptyText || "—";
      element.dataset.rendered = "empty";
      return;
    }
    if (item.kind !== "pie" && item.kind !== "line" && hasLongNames(item)) {
      // Room for one bar group per name.
      element.style.height = Math.max(320, 60 + 38 * item.categories.length) + "px";
    }
    var chart = echarts.init(element);
    chart.setOption(item.kind === "pie" ? pieOption(item) : axisOption(item));
    element.dataset.rendered = "true";
    drawn.push(chart);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
})();
