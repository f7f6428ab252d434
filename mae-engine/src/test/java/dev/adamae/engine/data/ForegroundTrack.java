package dev.adamae.engine.data;

/**
 * Measures of a clip's foreground mask, frame by frame: the area in pixels and the centroid, in
 * pixel coordinates with rows growing downward.
 */
final class ForegroundTrack {

    private final int[] areas;
    private final double[] centroidX;
    private final double[] centroidY;

    private ForegroundTrack(int[] areas, double[] centroidX, double[] centroidY) {
        this.areas = areas;
        this.centroidX = centroidX;
        this.centroidY = centroidY;
    }

    /** Measures every frame of {@code clip}'s foreground. */
    static ForegroundTrack of(VideoClip clip) {
        int frames = clip.frames();
        int[] areas = new int[frames];
        double[] centroidX = new double[frames];
        double[] centroidY = new double[frames];
        for (int frame = 0; frame < frames; frame++) {
            long sumX = 0;
            long sumY = 0;
            for (int y = 0; y < clip.height(); y++) {
                for (int x = 0; x < clip.width(); x++) {
                    if (clip.foreground()[(frame * clip.height() + y) * clip.width() + x]) {
                        areas[frame]++;
                        sumX += x;
                        sumY += y;
                    }
                }
            }
            centroidX[frame] = areas[frame] == 0 ? Double.NaN : (double) sumX / areas[frame] + 0.5;
            centroidY[frame] = areas[frame] == 0 ? Double.NaN : (double) sumY / areas[frame] + 0.5;
        }
        return new ForegroundTrack(areas, centroidX, centroidY);
    }

    int frames() {
        return areas.length;
    }

    int area(int frame) {
        return areas[frame];
    }

    double centroidX(int frame) {
        return centroidX[frame];
    }

    double centroidY(int frame) {
        return centroidY[frame];
    }

    int last() {
        return areas.length - 1;
    }

    /** Returns how far the centroid moves to the right from the first to the last frame. */
    double shiftX() {
        return centroidX[last()] - centroidX[0];
    }

    /** Returns how far the centroid moves down from the first to the last frame. */
    double shiftY() {
        return centroidY[last()] - centroidY[0];
    }

    /**
     * Returns the signed area of the closed polygon through the centroids, frame after frame: the
     * sum of the cross products of successive centroids about any centre, halved. Rows grow
     * downward, so the area is positive when the centroid turns clockwise on screen.
     */
    double turningArea() {
        double twiceArea = 0;
        for (int frame = 0; frame < areas.length; frame++) {
            int next = (frame + 1) % areas.length;
            twiceArea += centroidX[frame] * centroidY[next] - centroidX[next] * centroidY[frame];
        }
        return twiceArea / 2;
    }
}
