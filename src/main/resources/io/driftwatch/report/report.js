// Draws the charts of the selected window, and lets the reader pick a window (select, or a column of the timeline).
// Every chart marks its canvas data-drawn="true" once drawn, which the headless-browser check counts.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var COLOURS = { reference: '#9e9e9e', window: '#1f77b4', shifted: '#ff7f0e', flag: '#d62728', rejected: '#59636e' };
  var drawnMarker = {
    id: 'drawnMarker',
    afterRender: function (chart) { chart.canvas.setAttribute('data-drawn', 'true'); }
  };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#59636e';
  Chart.defaults.animation = false;

  function percent(share) { return Math.round(share * 1000) / 10; }

  function drawHistogram(canvas) {
    var q = data.windows[+canvas.dataset.window].quantities[+canvas.dataset.quantity];
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: q.labels,
        datasets: [
          { label: 'reference', data: q.reference.map(percent), backgroundColor: COLOURS.reference },
          { label: 'this window', data: q.window.map(percent),
            backgroundColor: q.drift ? COLOURS.shifted : COLOURS.window }
        ]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        categoryPercentage: 0.85, barPercentage: 0.95,
        scales: {
          x: { ticks: { autoSkip: false, maxRotation: 40, minRotation: 0, font: { size: 10 } } },
          y: { beginAtZero: true, title: { display: true, text: '% of records' } }
        },
        plugins: {
          legend: { position: 'top', align: 'end', labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: { callbacks: { label: function (ctx) {
            var text = ctx.dataset.label + ': ' + ctx.parsed.y + ' %';
            return ctx.datasetIndex === 1 ? text + ' (' + q.counts[ctx.dataIndex] + ' records)' : text;
          } } }
        }
      },
      plugins: [drawnMarker]
    });
  }

  // The records chart sits above the grid, as wide as it, its y axis as wide as the row names, so that each bar
  // stands over its window's column.
  function drawTimeline() {
    var canvas = document.getElementById('timeline-chart');
    if (!canvas) { return; }
    var grid = document.querySelector('table.grid');
    var rowNames = grid.querySelector('th.corner').getBoundingClientRect().width;
    canvas.parentNode.style.width = grid.getBoundingClientRect().width + 'px';
    var t = data.timeline;
    var colour = t.state.map(function (s) {
      return s === 'drift' ? COLOURS.flag : s === 'unjudged' ? '#c8ccd0' : COLOURS.window;
    });
    var datasets = [{ label: 'records', data: t.counts, backgroundColor: colour, stack: 'n' }];
    if (t.rejected.some(function (r) { return r !== null; })) {
      datasets.push({ label: 'rejected', data: t.rejected, backgroundColor: COLOURS.rejected, stack: 'n' });
    }
    new Chart(canvas, {
      type: 'bar',
      data: { labels: t.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        layout: { padding: 0 },
        scales: { x: { stacked: true, display: false },
                  y: { stacked: true, beginAtZero: true, ticks: { maxTicksLimit: 4 },
                       title: { display: true, text: 'records' },
                       afterFit: function (scale) { scale.width = rowNames; } } },
        plugins: { legend: { display: datasets.length > 1, position: 'top', align: 'start',
                             labels: { boxWidth: 12, font: { size: 11 } } },
                   tooltip: { callbacks: { title: function (items) {
                     return document.querySelector('.grid th.col[data-window="' + items[0].dataIndex + '"]').title;
                   } } } },
        onClick: function (event, elements) { if (elements.length) { show(elements[0].index, true); } }
      },
      plugins: [drawnMarker]
    });
  }

  // A long timeline scrolls sideways: keep the selected window's column in view (the latest, at first).
  function revealColumn(index) {
    var scroller = document.querySelector('.grid-scroll');
    var th = document.querySelector('.grid th.col[data-window="' + index + '"]');
    if (!scroller || !th || scroller.scrollWidth <= scroller.clientWidth) { return; }
    var names = document.querySelector('.grid th.corner').offsetWidth;
    if (th.offsetLeft < scroller.scrollLeft + names
        || th.offsetLeft + th.offsetWidth > scroller.scrollLeft + scroller.clientWidth) {
      scroller.scrollLeft = th.offsetLeft + th.offsetWidth - scroller.clientWidth + 8;
    }
  }

  function show(index, remember) {
    var panel = document.getElementById('window-' + index);
    if (!panel) { return; }
    if (remember && history.replaceState) { history.replaceState(null, '', '#window-' + index); }
    document.querySelectorAll('article.window').forEach(function (w) { w.hidden = w !== panel; });
    panel.querySelectorAll('canvas[data-quantity]:not([data-drawn])').forEach(drawHistogram);
    document.querySelectorAll('.grid th.col').forEach(function (th) {
      th.classList.toggle('selected', +th.dataset.window === index);
    });
    revealColumn(index);
    var picker = document.getElementById('window-picker');
    if (picker) { picker.value = String(index); }
  }

  var picker = document.getElementById('window-picker');
  if (picker) {
    picker.addEventListener('change', function () { show(+picker.value, true); });
  }
  document.querySelectorAll('.grid [data-window]').forEach(function (cell) {
    cell.addEventListener('click', function () { show(+cell.dataset.window, true); });
  });
  drawTimeline();
  // A link may name a window (report.html#window-3); otherwise the latest.
  var linked = /^#window-(\d+)$/.exec(location.hash);
  show(linked && document.getElementById('window-' + linked[1]) ? +linked[1] : data.selected);
  // The page's full height, for screenshots (scripts/render-html-report sizes its window with it).
  document.documentElement.setAttribute('data-page-height', String(document.documentElement.scrollHeight));
})();
