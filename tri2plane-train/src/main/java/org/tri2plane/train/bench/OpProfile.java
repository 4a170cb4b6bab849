package org.tri2plane.train.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators of a PyTorch profiler trace (Chrome trace JSON, as {@code JniUtils.stopProfile}
 * writes it) ranked by self time: an operator's duration less the durations of the operators it
 * called, per thread. Says where a step's time goes, operator by operator.
 */
public record OpProfile(List<Op> ops, double selfSeconds, int steps) {

    /** One operator name: calls and self time over the profiled steps, and its share of all self time. */
    public record Op(String name, int calls, double selfSeconds, double share) {}

    /** Reads a trace of {@code steps} steps and keeps the {@code top} operators with the most self time. */
    public static OpProfile read(Path trace, int steps, int top) throws IOException {
        return of(events(trace), steps, top);
    }

    /** The complete ("X") events of a trace file, in either of its layouts (an array, or an object with traceEvents). */
    static List<Event> events(Path trace) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        List<Event> complete = new ArrayList<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText()) && e.has("dur")) {
                complete.add(new Event(e.path("name").asText(), e.path("tid").asText(), e.path("ts").asDouble(),
                        e.path("dur").asDouble()));
            }
        }
        return complete;
    }

    /** A complete event: name, thread, start and duration in microseconds. */
    record Event(String name, String thread, double start, double duration) {
        double end() {
            return start + duration;
        }
    }

    /** Self times of nested events (an event lies inside the last open one on its thread that covers it). */
    static OpProfile of(List<Event> events, int steps, int top) {
        if (steps < 1 || top < 1) {
            throw new IllegalArgumentException("steps and top must be >= 1");
        }
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(Event::thread).thenComparingDouble(Event::start)
                .thenComparing(Comparator.comparingDouble(Event::duration).reversed()));
        Map<String, double[]> byName = new HashMap<>(); // {calls, self µs}
        Deque<double[]> open = new ArrayDeque<>(); // {end, child µs, index}
        String thread = null;
        double total = 0;
        for (int i = 0; i <= sorted.size(); i++) {
            Event e = i < sorted.size() ? sorted.get(i) : null;
            boolean newThread = e == null || !e.thread().equals(thread);
            while (!open.isEmpty() && (newThread || open.peek()[0] <= e.start())) {
                double[] done = open.pop();
                Event d = sorted.get((int) done[2]);
                double self = Math.max(0, d.duration() - done[1]);
                double[] acc = byName.computeIfAbsent(d.name(), k -> new double[2]);
                acc[0]++;
                acc[1] += self;
                total += self;
            }
            if (e == null) {
                break;
            }
            thread = e.thread();
            if (!open.isEmpty()) {
                open.peek()[1] += e.duration();
            }
            open.push(new double[] {e.end(), 0, i});
        }
        double all = total;
        List<Op> ops = new ArrayList<>();
        byName.forEach((name, acc) -> ops.add(new Op(name, (int) acc[0], acc[1] / 1e6, all > 0 ? acc[1] / all : 0)));
        ops.sort(Comparator.comparingDouble(Op::selfSeconds).reversed().thenComparing(Op::name));
        return new OpProfile(List.copyOf(ops.subList(0, Math.min(top, ops.size()))), all / 1e6, steps);
    }
}
