package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Base of every Tri²-plane block: all parameter shapes are fixed by the config at construction,
 * so a block (and its children) can be initialised without example inputs.
 */
public abstract class Tri2Block extends AbstractBlock {

    private static final byte VERSION = 1;

    protected Tri2Block() {
        super(VERSION);
    }

    /** Initialises every parameter of this block and its children. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : children.values()) {
            child.initialize(manager, dataType);
        }
    }

    /** Declares a parameter of a fixed shape. */
    protected final Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer init) {
        return addParameter(
                Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build());
    }

    /**
     * Current value of {@code p} for this forward pass: the store's copy on the store's device (a
     * replica store of data-parallel training holds its own mirror of every parameter).
     */
    protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, ps.getManager().getDevice(), training);
    }

    /**
     * Moves an array derived from a parameter (a scaled or reshaped weight) to the manager of the
     * step's data, so that it is freed with the step rather than kept with the parameters.
     */
    protected static NDArray local(NDArray derived, NDArray like) {
        derived.attach(like.getManager());
        return derived;
    }

    /** Convenience forward of a single-output block. */
    public NDArray apply(ParameterStore ps, boolean training, NDArray... inputs) {
        return forward(ps, new NDList(inputs), training).singletonOrThrow();
    }

    @Override
    protected abstract NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params);
}
