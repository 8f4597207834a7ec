// The contract page's chart: delivered and expected share of each target.
(function () {
  "use strict";
  var element = document.getElementById("progress-chart");
  var source = document.getElementById("progress-data");
  if (!element || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(element);
  chart.setOption({
    tooltip: {trigger: "axis", renderMode: "richText"},  // canvas tooltip: no style attributes (CSP)
    legend: {},
    grid: {left: 40, right: 50, bottom: 30, containLabel: true},
    xAxis: {type: "category", data: data.categories},
    yAxis: {type: "value", axisLabel: {formatter: "{value}%"}},
    series: [
      {name: element.dataset.deliveredLabel, type: "bar", data: data.delivered,
       markLine: {symbol: "none", data: [{yAxis: 100}], label: {formatter: "100%"}}},
      {name: element.dataset.expectedLabel, type: "bar", data: data.expected}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
