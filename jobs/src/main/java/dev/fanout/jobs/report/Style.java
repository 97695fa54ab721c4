package dev.fanout.jobs.report;

/** The report's stylesheet, inline: system fonts only, nothing fetched. */
final class Style {
  private Style() {}

  static final String CSS =
      """
      :root{--ink:#1d2330;--muted:#5b6475;--line:#e3e7ee;--bg:#f6f7fb;--card:#fff;
        --cpu:#e8743b;--io:#3b82c4;--unknown:#8b7fc7;--bad:#d23a3a;--good:#2f9e5b;--auto:#7a5cc8}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--ink);
        font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
      main{max-width:960px;margin:0 auto;padding:28px 24px 48px}
      h1{font-size:30px;margin:0 0 4px;letter-spacing:-.5px}
      h2{font-size:21px;margin:0 0 8px}
      h3{font-size:15px;margin:22px 0 6px;color:var(--muted);text-transform:uppercase;
        letter-spacing:.6px}
      .lead{color:var(--muted);margin:0 0 14px}
      header,section{background:var(--card);border:1px solid var(--line);border-radius:10px;
        padding:18px 22px;margin:0 0 18px}
      .machine{display:grid;grid-template-columns:repeat(3,1fr);gap:6px 18px;margin:0}
      .machine div{min-width:0}
      .machine dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.5px}
      .machine dd{margin:0;font-weight:600;overflow-wrap:anywhere}
      .summary ul{margin:0;padding-left:20px}
      .model{font-weight:700;font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace}
      .ok{color:var(--good);font-weight:600}.warn{color:var(--bad);font-weight:600}
      .what{color:var(--muted);margin:0 0 8px}
      .verdict{font-size:17px;font-weight:600;margin:6px 0 14px;padding:10px 14px;
        border-left:4px solid var(--good);background:#f1f8f4;border-radius:4px}
      table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
      th,td{text-align:right;padding:6px 10px;border-bottom:1px solid var(--line);white-space:nowrap}
      th:first-child,td:first-child{text-align:left}
      th{white-space:normal;font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;
        letter-spacing:.4px}
      tr.best td{background:#eef8f1;font-weight:700}tr.auto td{background:#f4f0fc}
      .tag{font-size:11px;background:var(--good);color:#fff;border-radius:8px;padding:1px 7px;
        margin-left:4px;vertical-align:1px}
      .meter{display:inline-block;width:60px;height:8px;background:var(--line);border-radius:4px;
        vertical-align:middle;overflow:hidden}
      .meter span{display:block;height:100%;background:var(--good)}
      .hint{color:var(--muted);font-size:13px;margin:6px 0}
      .why{margin:0;padding-left:20px}.why li{margin:3px 0}
      figure{margin:14px 0 0}
      figcaption{font-size:14px;margin:0 0 2px}
      .note{color:var(--muted);font-style:italic}
      .log{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;color:var(--muted);margin:2px 0 0;
        overflow-wrap:anywhere}
      svg{display:block;max-width:100%;height:auto}
      svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
      svg .axis{fill:var(--muted);font-size:11px}
      svg .row{fill:var(--muted);font-size:11px}
      .bar{fill:#9aa6b8}.bar.best{fill:var(--good)}.bar.auto{fill:var(--auto)}
      .spread{stroke:var(--ink);stroke-width:1.5;opacity:.7}
      .busy{font-weight:600;margin:6px 0 14px;padding:10px 14px;border-left:4px solid var(--bad);
        background:#fdf0f0;border-radius:4px}
      .verdict.unclear{border-left-color:#c7a23b;background:#fbf7ea}
      .verdict.failed{border-left-color:var(--bad);background:#fdf0f0}
      .sweep-charts{display:grid;grid-template-columns:1fr;gap:4px}
      .s-threads{stroke:var(--cpu);fill:var(--cpu)}.s-virtual{stroke:var(--unknown);fill:var(--unknown)}
      .s-async{stroke:var(--io);fill:var(--io)}
      path.series{fill:none;stroke-width:2}circle.dot{stroke:#fff;stroke-width:1}
      .ideal{stroke:var(--ink);stroke-dasharray:4 3;stroke-width:1.2}
      .grid{stroke:var(--line);stroke-width:1}
      .lane{fill:#f3f5f9}
      .task{stroke:#fff;stroke-width:.4}
      .task.computing,.key.computing{fill:var(--cpu);background:var(--cpu)}
      .task.waiting,.key.waiting{fill:var(--io);background:var(--io)}
      .task.unknown,.key.unknown{fill:var(--unknown);background:var(--unknown)}
      .task.failed,.key.failed{fill:var(--bad);background:var(--bad)}
      .cpu{fill:#7a2e0b;opacity:.55;pointer-events:none}
      .task:hover{stroke:var(--ink);stroke-width:1.2}
      .key{display:inline-block;width:14px;height:10px;border-radius:2px;vertical-align:0}
      footer{color:var(--muted);font-size:14px;padding:0 4px}
      @media (max-width:700px){.machine{grid-template-columns:1fr 1fr}}
      """;
}
