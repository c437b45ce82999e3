// Draws every <div class="chart" data-options-id="…"> with the ECharts options in the named
// <script type="application/json"> element (rendered with Django's json_script, so no inline JS).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("div.chart[data-options-id]").forEach(function (el) {
    var source = document.getElementById(el.dataset.optionsId);
    if (!source || !window.echarts) { return; }
    var chart = window.echarts.init(el);
    chart.setOption(JSON.parse(source.textContent));
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
