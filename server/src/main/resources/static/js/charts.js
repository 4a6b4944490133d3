// Draws the member's charts (Apache ECharts) from the JSON in #charts[data-charts]: one chart per group of
// analytes, each threshold of the member's rules as a dashed line with its rule and guideline in the tooltip.
(function () {
  const host = document.getElementById('charts');
  if (!host || typeof echarts === 'undefined') return;
  const charts = JSON.parse(host.dataset.charts || '[]');
  const labels = JSON.parse(host.dataset.labels || '{}');
  if (!charts.length) {
    const none = document.getElementById('no-charts');
    if (none) none.hidden = false;
    return;
  }
  const colours = {emergency: '#b3261e', urgent: '#c76a00', attention: '#7a6a00', info: '#476072'};
  const drawn = [];
  charts.forEach(function (c) {
    const box = document.createElement('div');
    box.className = 'chart';
    box.id = 'chart-' + c.id;
    const h = document.createElement('h3');
    h.textContent = (host.dataset['title' + c.id.charAt(0).toUpperCase() + c.id.slice(1)] || c.id) + ' (' + c.unit + ')';
    const area = document.createElement('div');
    area.className = 'chart-area';
    box.appendChild(h);
    box.appendChild(area);
    host.appendChild(box);
    const chart = echarts.init(area);
    chart.setOption({
      animation: false,
      tooltip: {trigger: 'axis'},
      legend: {type: 'scroll', top: 0},
      grid: {left: 48, right: 16, top: 36, bottom: 28},
      xAxis: {type: 'time'},
      yAxis: {type: 'value', scale: true},
      series: c.series.map(function (s) {
        const lines = c.lines.filter(function (l) { return l.analyte === s.analyte; });
        return {
          name: labels[s.analyte] || s.analyte, type: 'line', showSymbol: true, symbolSize: 4,
          data: s.points.map(function (p) { return [p[0], p[1]]; }),
          markLine: {
            symbol: 'none', silent: false, labelLayout: {hideOverlap: true},
            label: {formatter: function (d) { return d.name; }, position: 'insideEndTop', fontSize: 10},
            tooltip: {formatter: function (d) { return d.data.source; }},
            data: lines.map(function (l) {
              return {yAxis: l.value, name: l.label, source: l.source,
                lineStyle: {type: 'dashed', color: colours[l.severity] || '#888'}};
            })
          }
        };
      })
    });
    drawn.push(chart);
  });
  window.addEventListener('resize', function () { drawn.forEach(function (c) { c.resize(); }); });
})();
