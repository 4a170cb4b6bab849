package org.tri2plane.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.util.NoGrad;

/**
 * Data-parallel training over several devices with DJL's parameter stores: slot 0 trains the
 * model's own parameters; every further slot works on replicas that its {@link ParameterStore}
 * mirrors onto its device. Each slot takes every D-th sample of the batch; after the backward pass
 * the replicas' gradients are added to the main parameters (one Adam update), then the updated
 * values are copied back into the replicas. Slots on the same device (e.g. two "cpu" entries) are
 * allowed: that is how the path is tested on a machine with one CPU device.
 */
final class DataParallel implements AutoCloseable {

    /** One device and the parameter store its forward pass reads. */
    public record Slot(Device device, ParameterStore store, NDManager manager) {}

    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, Parameter> parameters;

    /** Slots for {@code devices}; the first uses {@code main}, the others replica stores. */
    public DataParallel(List<Device> devices, ParameterStore main, NDManager root, Map<String, Parameter> parameters) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("at least one device is needed");
        }
        this.parameters = parameters;
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (i == 0) {
                slots.add(new Slot(d, main, root));
            } else {
                NDManager m = root.newSubManager(d);
                Slot slot = new Slot(d, new ParameterStore(m, true), m);
                // create every mirror now, outside any step's scope, so that no scope closes one
                for (Parameter p : parameters.values()) {
                    slot.store().getValue(p, m.getDevice(), true);
                }
                slots.add(slot);
            }
        }
    }

    public List<Slot> slots() {
        return slots;
    }

    /** Number of slots D. */
    public int size() {
        return slots.size();
    }

    /** Adds every replica's gradient to its main parameter's gradient (call after backward). */
    public void gatherGradients() {
        if (slots.size() == 1) {
            return;
        }
        try (NoGrad g = NoGrad.enter(); NDManager tmp = slots.get(0).manager().newSubManager()) {
            for (Parameter p : parameters.values()) {
                NDArray main = p.getArray();
                NDArray mainGrad = main.getGradient();
                mainGrad.attach(tmp);
                for (int i = 1; i < slots.size(); i++) {
                    NDArray replica = replica(i, p);
                    NDArray grad = replica.getGradient();
                    grad.attach(tmp);
                    NDArray moved = grad.toDevice(main.getDevice(), true);
                    moved.attach(tmp);
                    mainGrad.addi(moved);
                }
            }
        }
    }

    /** Copies the updated main values into every replica and clears their gradients (call after the update). */
    public void broadcast() {
        if (slots.size() == 1) {
            return;
        }
        try (NoGrad g = NoGrad.enter(); NDManager tmp = slots.get(0).manager().newSubManager()) {
            for (Parameter p : parameters.values()) {
                for (int i = 1; i < slots.size(); i++) {
                    NDArray replica = replica(i, p);
                    NDArray value = p.getArray().toDevice(replica.getDevice(), true);
                    value.attach(tmp);
                    value.copyTo(replica);
                    JniUtils.zeroGrad((PtNDArray) replica);
                }
            }
        }
    }

    private NDArray replica(int slot, Parameter p) {
        Slot s = slots.get(slot);
        return s.store().getValue(p, s.store().getManager().getDevice(), true);
    }

    @Override
    public void close() {
        for (int i = 1; i < slots.size(); i++) {
            slots.get(i).manager().close();
        }
    }
}
