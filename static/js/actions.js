// Actions pages: the dashboard's "actions by status per objective" chart.
// Data comes from {{ glance.chart|json_script:"status-chart-data" }}; the table beside it has the same figures.
(function () {
  "use strict";
  var COLOURS = {
    not_started: "#adb5bd",
    on_track: "#0f5132",
    at_risk: "#ffc107",
    off_track: "#b02a37",
    completed: "#0a58ca",
    dropped: "#495057"
  };

  function drawStatusChart() {
    var source = document.getElementById("status-chart-data");
    var canvas = document.getElementById("status-chart");
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (d) {
          return { label: d.label, data: d.data, backgroundColor: COLOURS[d.status] || "#6c757d",
                   borderColor: "#ffffff", borderWidth: 1 };
        })
      },
      options: {
        responsive: true,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 },
                  title: { display: true, text: "Actions" } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { title: function (items) { return data.titles[items[0].dataIndex]; } } }
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawStatusChart);
  } else {
    drawStatusChart();
  }
})();
