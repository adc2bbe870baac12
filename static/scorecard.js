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
  // Colours that stay apart for colour-blind readers (Okabe–Ito). From the ninth department on, the
  // colours come round again with another dash pattern and another point shape, so that no two
  // departments are drawn alike (up to 64 of them).
  var palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
  var points = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "rectRounded", "cross"];
  var dashes = [[], [8, 4], [2, 3], [12, 3, 2, 3]];
  var datasets = data.series.map(function (series, i) {
    // Shifted by the round, a colour's next department gets another shape and another dash. The
    // dashes also alternate within a round: a line lying on another (both at 100 %) shows through.
    var round = Math.floor(i / palette.length);
    var colour = palette[i % palette.length];
    return {
      label: series.department,
      data: series.rates,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      borderDash: dashes[(i + round) % dashes.length],
      pointStyle: points[(i + round) % points.length],
      pointRadius: 4,
      pointHoverRadius: 6,
      spanGaps: false,
      clip: false,  // points at 0 % and 100 % are drawn whole
      tension: 0
    };
  });
  // The legend shows each department as its line is drawn: a piece of the line with its point.
  var SAMPLE_WIDTH = 36, SAMPLE_HEIGHT = 12;
  function lineSample(dataset) {
    var canvas = document.createElement("canvas");
    canvas.width = SAMPLE_WIDTH;
    canvas.height = SAMPLE_HEIGHT;
    var context = canvas.getContext("2d");
    context.strokeStyle = dataset.borderColor;
    context.fillStyle = dataset.backgroundColor;
    context.lineWidth = 2;
    context.setLineDash(dataset.borderDash);
    context.beginPath();
    context.moveTo(0, SAMPLE_HEIGHT / 2);
    context.lineTo(SAMPLE_WIDTH, SAMPLE_HEIGHT / 2);
    context.stroke();
    context.setLineDash([]);
    context.lineWidth = 1.5;
    window.Chart.helpers.drawPoint(context, { pointStyle: dataset.pointStyle, radius: 4, borderWidth: 1.5 },
                                   SAMPLE_WIDTH / 2, SAMPLE_HEIGHT / 2);
    return canvas;
  }
  var samples = datasets.map(lineSample);
  box.hidden = false;
  new window.Chart(document.getElementById("scorecard-chart"), {
    type: "line",
    data: { labels: data.weeks, datasets: datasets },
    options: {
      maintainAspectRatio: false,
      // Pointing at a week lists every department's rate there, also those whose lines lie under
      // another (several at 100 %); a click on a department in the legend hides or shows its line.
      interaction: { mode: "index", intersect: false },
      scales: {
        y: { min: 0, max: 100, title: { display: true, text: data.label },
             ticks: { callback: function (value) { return value + "%"; } } }
      },
      plugins: {
        legend: {
          position: "bottom",
          labels: {
            usePointStyle: true,
            pointStyleWidth: SAMPLE_WIDTH,
            generateLabels: function (chart) {
              var labels = window.Chart.defaults.plugins.legend.labels.generateLabels(chart);
              labels.forEach(function (label) { label.pointStyle = samples[label.datasetIndex]; });
              return labels;
            }
          }
        },
        tooltip: {
          usePointStyle: true,
          filter: function (item) { return item.raw !== null; },
          itemSort: function (a, b) { return b.raw - a.raw; },
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
