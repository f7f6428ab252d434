package dev.adamae.engine.data;

/**
 * One sprite of a clip and how it moves: its look, where it starts, and the clip's motion class.
 * Lengths are in pixels.
 *
 * @param shape the outline
 * @param colour the fill colour
 * @param rotation the fixed orientation of the outline, in radians; it does not change over the clip
 * @param startX the column of the centre in the first frame
 * @param startY the row of the centre in the first frame
 * @param startRadius the radius of the bounding circle in the first frame
 * @param travel how far the centre moves over the clip; for the turning classes, the diameter of
 *     the orbit, so that the sprite ends opposite where it started
 * @param orbitHeading the direction from the start to the orbit's centre, in radians (rows grow
 *     downward, so a positive angle turns clockwise on screen); only the turning classes use it
 * @param growth the factor by which the size changes over the clip; only growing and shrinking use it
 * @param motion the motion every sprite of the clip performs
 * @param image the index of the image the sprite shows, or {@link #NO_IMAGE} for a sprite drawn as its shape
 * @param stripes the stripes that fill a shape, or {@link Stripes#NONE} for one flat colour
 */
record SpriteTrack(
        SpriteShape shape,
        Colour colour,
        double rotation,
        double startX,
        double startY,
        double startRadius,
        double travel,
        double orbitHeading,
        double growth,
        MotionClass motion,
        int image,
        Stripes stripes) {

    /**
     * Stripes across a shape, fixed to the sprite: they keep the outline's orientation, ride
     * with the sprite and scale with its size, so the texture shows how it moves. The fill is
     * a smooth wave between the sprite's colour and {@link #second(Colour) its counterpart}.
     *
     * @param period the wavelength, as a fraction of the sprite's current radius; 0: no stripes
     * @param phase where the wave starts at the centre, in radians
     */
    record Stripes(double period, double phase) {

        /** A sprite of one flat colour. */
        static final Stripes NONE = new Stripes(0, 0);

        /** The share of its colour's complement in a striped sprite's second colour. */
        private static final float COMPLEMENT_SHARE = 0.75f;

        boolean none() {
            return period == 0;
        }

        /** Returns the weight of the second colour at {@code along} pixels from the centre, across the stripes. */
        double secondWeight(double along, double radius) {
            return 0.5 + 0.5 * Math.sin(2 * Math.PI * along / (period * radius) + phase);
        }

        /** Returns the second colour of a striped sprite of {@code colour}: mostly its complement, so every channel changes. */
        static Colour second(Colour colour) {
            return new Colour(mix(colour.red()), mix(colour.green()), mix(colour.blue()));
        }

        private static float mix(float channel) {
            return (1 - COMPLEMENT_SHARE) * channel + COMPLEMENT_SHARE * (1 - channel);
        }
    }

    /** The image index of a sprite drawn as its shape. */
    static final int NO_IMAGE = -1;

    /** The turn of an orbit over the clip: half a circle, so that the turn is unambiguous even for few frames. */
    static final double ORBIT_TURN = Math.PI;

    /**
     * Returns the pose at {@code progress}: 0 in the first frame, 1 in the last. Positions and
     * sizes change evenly from frame to frame.
     */
    SpritePose pose(double progress) {
        return switch (motion) {
            case LEFT -> shifted(-travel * progress, 0);
            case RIGHT -> shifted(travel * progress, 0);
            case UP -> shifted(0, -travel * progress);
            case DOWN -> shifted(0, travel * progress);
            case GROWING -> new SpritePose(startX, startY, startRadius * Math.pow(growth, progress));
            case SHRINKING -> new SpritePose(startX, startY, startRadius / Math.pow(growth, progress));
            case CLOCKWISE -> orbiting(ORBIT_TURN * progress);
            case COUNTER_CLOCKWISE -> orbiting(-ORBIT_TURN * progress);
        };
    }

    private SpritePose shifted(double deltaX, double deltaY) {
        return new SpritePose(startX + deltaX, startY + deltaY, startRadius);
    }

    /** Turns the sprite by {@code angle} about the orbit's centre; positive is clockwise on screen. */
    private SpritePose orbiting(double angle) {
        double orbitRadius = travel / 2;
        double centreX = startX + orbitRadius * Math.cos(orbitHeading);
        double centreY = startY + orbitRadius * Math.sin(orbitHeading);
        // The start lies opposite the heading, seen from the orbit's centre.
        double position = orbitHeading + Math.PI + angle;
        return new SpritePose(centreX + orbitRadius * Math.cos(position), centreY + orbitRadius * Math.sin(position),
                startRadius);
    }
}
