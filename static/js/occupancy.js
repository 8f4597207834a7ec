// The occupancy chart of the incubation spaces; drawn again when htmx swaps the panel.
(function () {
  "use strict";
  var chart = null;
  function draw() {
    var element = document.getElementById("occupancy-chart");
    if (!element || typeof echarts === "undefined") { return; }
    var data = JSON.parse(element.dataset.chart);
    if (chart) { chart.dispose(); }
    chart = echarts.init(element);
    chart.setOption({
      tooltip: {trigger: "axis", renderMode: "richText"},  // canvas tooltip: no style attributes (CSP)
      legend: {},
      xAxis: {type: "category", data: data.categories, axisLabel: {rotate: 30}},
      yAxis: {type: "value", name: "m²"},
      series: [
        {name: data.labels.occupied, type: "bar", stack: "area", data: data.occupied, itemStyle: {color: "#b3261e"}},
        {name: data.labels.free, type: "bar", stack: "area", data: data.free, itemStyle: {color: "#9ccc65"}}
      ]
    });
  }
  draw();
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id === "occupancy-panel") { draw(); }
  });
  window.addEventListener("resize", function () { if (chart) { chart.resize(); } });
})();
