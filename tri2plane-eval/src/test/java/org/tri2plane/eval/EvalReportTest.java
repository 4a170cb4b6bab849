package org.tri2plane.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.image.RgbImage;

class EvalReportTest {

    private static Path evalDir(Path dir, double psnr, double ssim, double sd, Double flmd, int frames, Double csim, Double apd,
            Double aed) throws IOException {
        return evalDir(dir, psnr, ssim, sd, flmd, frames, csim, apd, aed, null);
    }

    private static Path evalDir(Path dir, double psnr, double ssim, double sd, Double flmd, int frames, Double csim, Double apd,
            Double aed, EvalSummary.Expression expression) throws IOException {
        Files.createDirectories(dir);
        EvalSummary s = new EvalSummary(EvalSummary.FORMAT, EvalSummary.VERSION, "pred", "gt", null, null, frames, 10, 10 + frames - 1,
                512, 512, psnr, ssim, ssim, sd, null, "unavailable", flmd, flmd == null ? 0 : frames, 0, 0, 1, frames, csim, csim == null ? 0 : frames, csim == null ? null : "subject", apd, null, null, aed, apd == null ? 0 : frames, expression);
        Files.writeString(dir.resolve(Evaluator.SUMMARY), new ObjectMapper().writeValueAsString(s));
        StringBuilder csv = new StringBuilder("frame,psnr_db,ssim,ms_ssim,sd_db,lpips,flmd_px,mouth_pred,mouth_ref\n");
        for (int i = 0; i < frames; i++) {
            csv.append(10 + i).append(',').append(psnr + i).append(",0.9,0.9,20,,1.5,").append(0.01 * i).append(',')
                    .append(expression == null ? "" : String.valueOf(0.02 * i)).append('\n');
        }
        Files.writeString(dir.resolve(Evaluator.FRAMES_CSV), csv);
        return dir;
    }

    @Test
    void tableFollowsThePapersLayout(@TempDir Path tmp) throws IOException {
        SequenceAgreement mouth = SequenceAgreement.of(new double[] {0, 0.01, 0.02}, new double[] {0, 0.02, 0.04});
        Path a = evalDir(tmp.resolve("a"), 30.0, 0.9, 20.0, 2.0, 3, 0.85, 1.5, 2.25, new EvalSummary.Expression(mouth, 3.0, 1.0));
        Path b = evalDir(tmp.resolve("b"), 20.0, 0.7, 10.0, 4.0, 2, null, null, null);
        Path c = evalDir(tmp.resolve("c"), Double.NaN, Double.NaN, Double.NaN, 6.5, 4, 0.61, 4.0, 3.5);
        Path out = tmp.resolve("table");
        String md = EvalReport.write(List.of(new EvalReport.Entry("alice", a), new EvalReport.Entry("bob", b)),
                List.of(new EvalReport.Entry("alice <- bob", c)), Map.of("carol", "tracking failed"), out);
        assertTrue(md.startsWith("| subject | setting | frames | F-LMD ↓ | SD (×10⁻¹) | PSNR ↑ | LPIPS (×10²) ↓ | SSIM ↑ | CSIM ↑ | APD (°) ↓ | AED (mm) ↓ | mouth gain → 1 | mouth corr. ↑ | AED mouth (mm) ↓ |"), md);
        assertTrue(md.contains("| alice | self | 3 | 2.00 | 2.00 | 30.00 | unavailable | 0.90 | 0.85 | 1.50 | 2.25 | 0.50 | 1.00 | 3.00 |"), md);
        assertTrue(md.contains("| bob | self | 2 | 4.00 | 1.00 | 20.00 | unavailable | 0.70 | – | – | – | – | – | – |"), md);
        assertTrue(md.contains("| mean | self | 5 | 3.00 | 1.50 | 25.00 | unavailable | 0.80 | 0.85 | 1.50 | 2.25 | 0.50 | 1.00 | 3.00 |"), md);
        assertTrue(md.contains("| alice <- bob | cross | 4 | 6.50 | – | – | – | – | 0.61 | 4.00 | 3.50 | – | – | – |"), md);
        assertTrue(md.contains("- carol: tracking failed"), md);
        List<String> csv = Files.readAllLines(out.resolve(EvalReport.TABLE_CSV));
        assertEquals("subject,setting,frames,flmd_px,sd_x0.1,psnr_db,lpips_x100,ssim,csim,apd_deg,aed_mm,mouth_gain,mouth_corr,"
                + "aed_mouth_mm", csv.get(0));
        assertEquals("bob,self,2,4.00,1.00,20.00,,0.70,,,,,,", csv.get(2));
        assertEquals("alice,self,3,2.00,2.00,30.00,,0.90,0.85,1.50,2.25,0.50,1.00,3.00", csv.get(1));
        RgbImage plot = RgbImage.read(out.resolve(EvalReport.PSNR_PLOT));
        assertEquals(720, plot.width());
        // only alice measured the mouth: the plot is written
        assertEquals(720, RgbImage.read(out.resolve(EvalReport.MOUTH_PLOT)).width());
        assertEquals(md, Files.readString(out.resolve(EvalReport.TABLE_MD)));
    }
}
