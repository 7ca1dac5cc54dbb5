// Indicator trend chart: reads the figures the page embeds with json_script (no inline script, strict CSP).
(function () {
  "use strict";
  var source = document.getElementById("indicator-chart-data");
  var canvas = document.getElementById("indicator-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Colour-blind safe palette (Okabe-Ito), dark enough against white.
  var palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7a5c00", "#56B4E9", "#000000"];
  var areaColour = {};
  var next = 0;
  var datasets = data.datasets.map(function (set) {
    var area = set.kind === "target" ? set.label.replace(/^Target, /, "") : set.label;
    if (!(area in areaColour)) {
      areaColour[area] = palette[next % palette.length];
      next += 1;
    }
    var colour = areaColour[area];
    var isTarget = set.kind === "target";
    return {
      label: set.label,
      data: set.data,
      borderColor: colour,
      backgroundColor: colour,
      borderDash: isTarget ? [6, 4] : [],
      borderWidth: isTarget ? 1.5 : 2,
      pointRadius: isTarget ? 0 : 3,
      stepped: isTarget ? "middle" : false,
      spanGaps: true,
      tension: 0
    };
  });
  var suffix = data.unit === "percent" ? "%" : "";
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    options: {
      responsive: true,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: {
          beginAtZero: true,
          ticks: { callback: function (value) { return value + suffix; } }
        }
      },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              return ctx.dataset.label + ": " + (ctx.parsed.y === null ? "no value" : ctx.parsed.y + suffix);
            }
          }
        }
      }
    }
  });
})();
