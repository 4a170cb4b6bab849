package org.tri2plane.core.config;

/**
 * Every size and weight of one Tri²-plane model. Loaded from {@code configs/*.json} by
 * {@link ConfigLoader}; every key is required and range-checked, unknown keys are refused.
 */
public record Tri2PlaneConfig(
        String name,
        FrameConfig frame,
        ConditionConfig condition,
        LatentConfig latents,
        EncoderConfig encoder,
        MappingConfig mapping,
        GeneratorConfig generator,
        FieldConfig field,
        RenderingConfig rendering,
        SuperResolutionConfig superResolution,
        LossConfig loss,
        TrainingConfig training,
        GeometryConfig geometry) {

    public Tri2PlaneConfig {
        Checks.notBlank("name", name);
        require("frame", frame);
        require("condition", condition);
        require("latents", latents);
        require("encoder", encoder);
        require("mapping", mapping);
        require("generator", generator);
        require("field", field);
        require("rendering", rendering);
        require("superResolution", superResolution);
        require("loss", loss);
        require("training", training);
        require("geometry", geometry);
        if (!encoder.globalCondition() && encoder.alignedChannels() == 0 && rendering.expressionWarp() == 0) {
            throw new IllegalArgumentException("encoder.globalCondition false needs encoder.alignedChannels > 0 or"
                    + " rendering.expressionWarp > 0: the expression would reach the model by no path");
        }

        int blocks = encoder.channels().size();
        if (condition.size() >> blocks < encoder.pooledSize()) {
            throw new IllegalArgumentException(
                    "encoder.pooledSize (" + encoder.pooledSize() + ") must not exceed condition.size"
                            + " halved once per encoder block (" + condition.size() + " / 2^"
                            + blocks + ")");
        }
        int window = frame.windowSize();
        int sr = superResolution.outputResolution();
        if (sr != window && sr != 2 * window) {
            throw new IllegalArgumentException(
                    "superResolution.outputResolution must equal frame.windowSize (" + window
                            + ") or twice it (learned x2 stage), was " + sr);
        }
        int levels = superResolution.channels().size();
        if (window % (1 << (levels - 1)) != 0) {
            throw new IllegalArgumentException(
                    "frame.windowSize must be divisible by 2^(superResolution.channels levels - 1)");
        }
        if (field.featureChannels() != generator.planeChannels()) {
            // Not required by the maths, but every config we ship keeps them equal (32 in the paper).
            throw new IllegalArgumentException(
                    "field.featureChannels (" + field.featureChannels()
                            + ") must equal generator.planeChannels (" + generator.planeChannels() + ")");
        }
    }

    private static void require(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
    }

    /**
     * A copy with {@code overrides} applied ({@code "field.hiddenDim=64"}, {@code "name=x"}; values
     * are JSON), validated like a config file: one key changed by name, the rest kept.
     */
    public Tri2PlaneConfig with(String... overrides) {
        return new ConfigLoader().with(this, java.util.List.of(overrides));
    }
}
