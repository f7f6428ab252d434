package dev.adamae.engine.visual;

/** One picture of a clip's frame, drawn side by side with the others, in this order. */
public enum Panel {

    /** The clip as the model gets it, before masking. */
    INPUT("input"),

    /** The visible tubelets as given, the hidden ones as the model predicts them. */
    RECONSTRUCTION("reconstruction"),

    /**
     * The absolute error of the reconstruction per pixel, averaged over the colour channels, as a
     * heat map scaled to the clip's largest error; 0 on visible tubelets.
     */
    ERROR("error"),

    /**
     * The learned sampler's probability of each token over its tubelet's pixels and frames, as a
     * heat map scaled to the clip's largest probability; only for a strategy with a sampler.
     */
    PROBABILITY("probability"),

    /** The input with the hidden tubelets dimmed: what the encoder sees. */
    MASK("mask");

    private final String label;

    Panel(String label) {
        this.label = label;
    }

    /** Returns the panel's name as its picture is labelled. */
    public String label() {
        return label;
    }
}
