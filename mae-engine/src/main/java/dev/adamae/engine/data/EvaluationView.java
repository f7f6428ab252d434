package dev.adamae.engine.data;

/**
 * One of the views a clip is tested with: temporal clip {@code temporalIndex} of
 * {@code temporalViews} uniformly spaced over the video, and spatial crop {@code spatialIndex} of
 * {@code spatialViews} spread along the frame's longer side (VideoMAE's multi-view testing,
 * e.g. 2 x 3 for Something-Something v2, 5 x 3 for Kinetics-400). A view involves no random choice.
 *
 * @param temporalIndex from 0 to {@code temporalViews - 1}
 * @param temporalViews temporal clips per video, at least 1
 * @param spatialIndex from 0 to {@code spatialViews - 1}
 * @param spatialViews spatial crops per clip, at least 1
 */
public record EvaluationView(int temporalIndex, int temporalViews, int spatialIndex, int spatialViews) {

    /** The single centred view. */
    public static final EvaluationView CENTRE = new EvaluationView(0, 1, 0, 1);

    public EvaluationView {
        if (temporalViews < 1 || spatialViews < 1) {
            throw new IllegalArgumentException("A test needs at least one temporal and one spatial view, got "
                    + temporalViews + "x" + spatialViews);
        }
        if (temporalIndex < 0 || temporalIndex >= temporalViews || spatialIndex < 0 || spatialIndex >= spatialViews) {
            throw new IllegalArgumentException("View (" + temporalIndex + ", " + spatialIndex + ") is outside "
                    + temporalViews + "x" + spatialViews);
        }
    }

    /** Returns the number of views of the {@code temporalViews x spatialViews} grid this view belongs to. */
    public int viewCount() {
        return temporalViews * spatialViews;
    }

    /**
     * Returns the start of temporal clip {@code temporalIndex} in a video with {@code room} frames
     * to spare beyond the clip's span: the starts are spaced evenly from 0 to {@code room},
     * rounded down as VideoMAE's {@code int()} does (so the middle one of an odd number of views
     * is the single view's), a single view is centred, and a video without room starts at 0.
     */
    public int temporalStart(int room) {
        if (room <= 0) {
            return 0;
        }
        if (temporalViews == 1) {
            return room / 2;
        }
        return (int) ((long) room * temporalIndex / (temporalViews - 1));
    }

    /**
     * Returns the offset of spatial crop {@code spatialIndex} along a side with {@code room}
     * pixels to spare: evenly spaced from 0 to {@code room} (left, centre, right for three
     * views), a single view centred.
     */
    public int spatialOffset(int room) {
        return new EvaluationView(spatialIndex, spatialViews, 0, 1).temporalStart(room);
    }
}
