import Foundation
import JSONCore

/// One self-contained HTML page (styles and script inline, nothing fetched): the summary with filters, the
/// ownership matrix, every fixture's steps as a timeline with its failure shown side by side, the derived
/// checks, and the coverage heat map. Rendered from the JSON report, so merged shards render alike.
enum HTMLReport {
    static func render(_ report: RunReportDocument, coverage: CoverageReport?) -> String {
        var page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>Contract report: \(escape(report.target))</title>\n<style>\(style)</style>\n</head>\n<body>\n"
        page += header(report)
        page += filters(report)
        page += HTMLOwnershipMatrix(report: report).section()
        page += checksSection("Fixtures", report.fixtures, id: "fixtures")
        page += checksSection("Derived checks", report.derived, id: "derived")
        if let coverage { page += HTMLCoverageMap(coverage: coverage).section() }
        page += "<script>\(script)</script>\n</body>\n</html>\n"
        return page
    }

    static func header(_ report: RunReportDocument) -> String {
        let passed = report.exitCode == 0
        var html = "<header class=\"\(passed ? "ok" : "bad")\">\n<h1>\(passed ? "✔" : "✘") Contract report</h1>\n"
        let steps = report.fixtures.reduce(0) { $0 + Int($1.raw["steps"]?.numberValue?.int64 ?? 0) }
        html += "<p class=\"meta\">Target <code>\(escape(report.target))</code> · \(report.fixtures.count) fixtures, \(steps) steps, "
        html += "\(report.derived.count) derived checks · \(String(format: "%.2f", report.seconds)) s · exit code \(report.exitCode)"
        if report.provisioning.accounts + report.provisioning.failures > 0 {
            html += " · \(escape(HumanReporter.provisioningLine(report.provisioning)))"
        }
        html += "</p>\n"
        html += "<table class=\"counts\"><tr><th></th>"
        let verdicts = ["passed", "failed", "skipped", "blocked", "allowed"]
        for verdict in verdicts { html += "<th>\(verdict)</th>" }
        html += "</tr>\n"
        for (label, checks) in [("fixtures", report.fixtures), ("derived checks", report.derived)] {
            html += "<tr><th>\(label)</th>"
            for verdict in verdicts {
                let count = checks.filter { $0.verdict == verdict }.count
                html += "<td class=\"\(count > 0 ? verdict : "none")\">\(count)</td>"
            }
            html += "</tr>\n"
        }
        html += "</table>\n"
        if !report.problems.isEmpty || !report.notes.isEmpty {
            html += "<ul class=\"problems\">"
            for problem in report.problems { html += "<li class=\"failed\">\(escape(problem))</li>" }
            for note in report.notes { html += "<li>\(escape(note))</li>" }
            html += "</ul>\n"
        }
        return html + "</header>\n"
    }

    static func filters(_ report: RunReportDocument) -> String {
        let folders = Set(report.checks.map { folder($0.file) }).sorted()
        let tags = Set(report.checks.flatMap(\.tags)).sorted()
        var html = "<nav id=\"filters\">\n<span>Show</span>"
        for verdict in ["passed", "failed", "skipped", "blocked", "allowed"] {
            html += "<label class=\"\(verdict)\"><input type=\"checkbox\" name=\"verdict\" value=\"\(verdict)\" checked> \(verdict)</label>"
        }
        html += "<select id=\"folder\"><option value=\"\">every folder</option>"
        for folder in folders { html += "<option>\(escape(folder))</option>" }
        html += "</select><select id=\"tag\"><option value=\"\">every tag</option>"
        for tag in tags { html += "<option>\(escape(tag))</option>" }
        html += "</select><input id=\"search\" type=\"search\" placeholder=\"name contains…\">"
        html += "<span id=\"shown\"></span>\n</nav>\n"
        return html
    }

    static func checksSection(_ title: String, _ checks: [RunReportDocument.Check], id: String) -> String {
        guard !checks.isEmpty else { return "" }
        var html = "<section id=\"\(id)\">\n<h2>\(title)</h2>\n"
        // Failures first, then the rest in report order.
        for check in checks.filter(\.isFailure) + checks.filter({ !$0.isFailure }) { html += HTMLCheck(check: check).html() }
        return html + "</section>\n"
    }

    static func folder(_ file: String) -> String {
        let parts = file.split(separator: "/")
        return parts.count > 1 ? parts.dropLast().joined(separator: "/") : "."
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static let style = """
        :root{--ok:#1a7f37;--okbg:#dafbe1;--bad:#cf222e;--badbg:#ffebe9;--warn:#9a6700;--warnbg:#fff8c5;--mute:#57606a;--line:#d0d7de}
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 48px;color:#1f2328}
        header{padding:12px 16px;margin:16px 0;border-radius:8px;border:1px solid var(--line)}
        header.ok{border-left:6px solid var(--ok)}header.bad{border-left:6px solid var(--bad)}
        h1{margin:0 0 4px;font-size:22px}h2{margin:28px 0 8px;font-size:18px;border-bottom:1px solid var(--line)}
        code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
        pre{background:#f6f8fa;padding:8px;overflow-x:auto;border-radius:6px;white-space:pre-wrap;word-break:break-all}
        .meta{color:var(--mute);margin:0 0 8px}
        table{border-collapse:collapse}th,td{padding:3px 8px;text-align:left;vertical-align:top}
        .counts td{text-align:right;min-width:56px;border:1px solid var(--line)}
        .passed{background:var(--okbg);color:var(--ok)}.failed{background:var(--badbg);color:var(--bad)}
        .skipped,.blocked,.allowed{background:var(--warnbg);color:var(--warn)}.none{color:#afb8c1}
        .problems{margin:8px 0 0;padding-left:20px}
        nav{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid var(--line);display:flex;gap:8px;flex-wrap:wrap;align-items:center;z-index:1}
        nav label{padding:2px 6px;border-radius:4px}#shown{color:var(--mute);margin-left:auto}
        details.check{border:1px solid var(--line);border-radius:6px;margin:4px 0}
        details.check>summary{cursor:pointer;padding:4px 8px;display:flex;gap:8px;align-items:baseline}
        details.check>summary .name{flex:1;font-family:ui-monospace,monospace;font-size:12px}
        .badge{font-size:11px;padding:1px 6px;border-radius:10px;font-weight:600}
        .secs{color:var(--mute);font-size:12px}.body{padding:4px 12px 12px}
        .timeline td{border-top:1px solid #eaeef2;font-size:12px}.timeline .bar{height:8px;background:#8c959f;border-radius:4px;min-width:2px}
        .status{font-weight:600}.status.passed,.status.failed{padding:0 6px;border-radius:4px}
        .sides{display:grid;grid-template-columns:1fr 1fr;gap:8px}.sides h4{margin:4px 0}
        mark{background:#ffd8b5;color:inherit}
        .diff td{border:1px solid var(--line);font-size:12px}.diff td.place{background:#ffd8b5;font-family:ui-monospace,monospace}
        .matrix td,.matrix th{border:1px solid var(--line);font-size:12px}.matrix td{min-width:150px}
        .matrix td.empty{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#f6f8fa 4px,#f6f8fa 8px);color:#afb8c1}
        .matrix .route{font-family:ui-monospace,monospace;white-space:nowrap}
        .legend span{display:inline-block;padding:1px 8px;margin-right:6px;border-radius:4px}
        .heat td{width:22px;height:14px;padding:0;border:1px solid #fff;font-size:10px;text-align:center}
        .heat th.rule{font-weight:normal;font-family:ui-monospace,monospace;font-size:11px;white-space:nowrap}
        .heat th.col{writing-mode:vertical-rl;transform:rotate(180deg);font-size:11px;font-weight:normal;padding:4px 0}
        .heat td.gap{background:var(--bad)}.heat td.na{background:#d0d7de}
        .glance th{font-weight:normal;color:var(--mute);font-size:12px;white-space:nowrap}
        .glance i{display:inline-block;width:11px;height:11px;margin:1px;border-radius:2px}
        .hidden{display:none}
        """

    /// Filters the checks by verdict, folder, tag and text; counts what is shown. Runs offline.
    static let script = """
        (function(){
          var checks=[].slice.call(document.querySelectorAll('details.check'));
          function apply(){
            var verdicts={};[].forEach.call(document.querySelectorAll('input[name=verdict]'),function(box){verdicts[box.value]=box.checked;});
            var folder=document.getElementById('folder').value,tag=document.getElementById('tag').value;
            var text=document.getElementById('search').value.toLowerCase(),shown=0;
            checks.forEach(function(c){
              var ok=verdicts[c.dataset.verdict]&&(!folder||c.dataset.folder===folder)&&(!tag||(' '+c.dataset.tags+' ').indexOf(' '+tag+' ')>=0)&&(!text||c.dataset.name.toLowerCase().indexOf(text)>=0);
              c.classList.toggle('hidden',!ok);if(ok)shown++;
            });
            document.getElementById('shown').textContent=shown+' of '+checks.length+' checks shown';
          }
          [].forEach.call(document.querySelectorAll('#filters input,#filters select'),function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
          apply();
          document.body.dataset.ready='yes';
        })();
        """
}
