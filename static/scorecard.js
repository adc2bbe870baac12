// The scorecard's chart: each department's satisfaction rate over the published weeks.
// The figures come from the page (#scorecard-chart-data); the table beside the chart holds them too,
// so without JavaScript or Chart.js nothing is lost.
(function () {
  var source = document.getElementById("scorecard-chart-data");
  var box = document.getElementById("scorecard-chart-box");
  if (!source || !box || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Colours that stay apart for colour-blind readers (Okabe–Ito).
  var palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
  var points = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "rectRounded", "cross"];
  var datasets = data.series.map(function (series, i) {
    var colour = palette[i % palette.length];
    return {
      label: series.department,
      data: series.rates,
      borderColor: colour,
      backgroundColor: colour,
      pointStyle: points[i % points.length],
      pointRadius: 4,
      spanGaps: false,
      clip: false,  // points at 0 % and 100 % are drawn whole
      tension: 0
    };
  });
  box.hidden = false;
  new window.Chart(document.getElementById("scorecard-chart"), {
    type: "line",
    data: { labels: data.weeks, datasets: datasets },
    options: {
      maintainAspectRatio: false,
      interaction: { mode: "nearest", intersect: false },
      scales: {
        y: { min: 0, max: 100, title: { display: true, text: data.label },
             ticks: { callback: function (value) { return value + "%"; } } }
      },
      plugins: {
        legend: { position: "bottom", labels: { usePointStyle: true } },
        tooltip: {
          callbacks: {
            label: function (item) {
              return item.dataset.label + ": " + (item.raw === null ? "—" : item.raw.toFixed(1) + "%");
            }
          }
        }
      }
    }
  });
  var table = document.getElementById("scorecard-chart-table");
  if (table) {
    table.open = false;  // the chart now shows the figures; the table stays one click away
  }
})();
