package org.tri2plane.eval.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.util.AtomicFiles;

/**
 * The page of a batch ({@code tri2plane report-index}): the Table 1 layout of {@code eval-report}
 * ({@code table.csv}) with each subject's row linking to its own report page. Self-contained like
 * the pages it links to (relative links, no network).
 */
public final class ReportIndex {

    private ReportIndex() {}

    /** Writes the index of {@code pages} (subject name → its report, linked relative to {@code out}) over {@code tableCsv}. */
    public static Path write(Path tableCsv, Map<String, Path> pages, Path out) throws IOException {
        List<String> lines = Files.readAllLines(tableCsv);
        if (lines.isEmpty()) {
            throw new IOException(tableCsv + " is empty: write it with tri2plane eval-report first");
        }
        Html h = new Html("Tri2plane-J batch report");
        h.raw("<h1>Batch report</h1>\n<table class=\"metrics\"><tr>");
        for (String c : lines.get(0).split(",")) {
            h.raw("<th>").text(c).raw("</th>");
        }
        h.raw("<th>page</th></tr>\n");
        Path base = out.toAbsolutePath().getParent();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            h.raw("<tr>");
            for (String c : cells) {
                h.raw("<td>").text(c.isEmpty() ? "–" : c).raw("</td>");
            }
            Path page = pages.get(cells[0]);
            h.raw("<td>");
            if (page != null && "self".equals(cells.length > 1 ? cells[1] : "")) {
                String href = base.relativize(page.toAbsolutePath()).toString().replace('\\', '/');
                h.raw("<a href=\"").text(href).raw("\">").text(cells[0]).raw("</a>");
            }
            h.raw("</td></tr>\n");
        }
        h.raw("</table>\n<p class=\"note\">").text("Metrics and their definitions: docs/evaluation.md.").raw("</p>\n");
        AtomicFiles.writeString(out, h.finish());
        return out;
    }
}
