// Draws the dashboard's charts from the data embedded in the page (json_script).
(function () {
  "use strict";
  var source = document.getElementById("dashboard-chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  var drawn = [];
  document.querySelectorAll(".echart[data-chart-index]").forEach(function (element) {
    var item = charts[Number(element.dataset.chartIndex)];
    if (!item) { return; }
    var chart = echarts.init(element);
    var option;
    if (item.kind === "pie") {
      var values = (item.series[0] || { data: [] }).data;
      option = {
        tooltip: { trigger: "item" },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          type: "pie", radius: ["35%", "65%"], name: (item.series[0] || {}).name || item.title,
          data: item.categories.map(function (name, i) { return { name: name, value: values[i] || 0 }; })
        }]
      };
    } else {
      var type = item.kind === "line" ? "line" : "bar";
      option = {
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", bottom: 0 },
        grid: { left: 48, right: 16, top: 16, bottom: 48 },
        xAxis: { type: "category", data: item.categories, axisLabel: { interval: 0, rotate: item.categories.length > 6 ? 30 : 0 } },
        yAxis: { type: "value" },
        series: item.series.map(function (s) {
          var entry = { type: type, name: s.name, data: s.data };
          if (item.kind === "stacked-bar") { entry.stack = "total"; }
          return entry;
        })
      };
    }
    chart.setOption(option);
    element.dataset.rendered = "true";
    drawn.push(chart);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
})();
