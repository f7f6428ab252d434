package dev.adamae.engine.data;

/**
 * The outline of a sprite, given as a signed distance in pixels: negative inside, positive
 * outside. Every shape fits in a circle of the sprite's radius around its centre, so that the
 * radius alone bounds where the sprite can reach.
 */
enum SpriteShape {
    DISC {
        @Override
        double signedDistance(double x, double y, double radius) {
            return Math.sqrt(x * x + y * y) - radius;
        }
    },
    SQUARE {
        @Override
        double signedDistance(double x, double y, double radius) {
            // Corners on the bounding circle: the half side is the radius over the square root of 2.
            return Math.max(Math.abs(x), Math.abs(y)) - radius * HALF_SQUARE_ROOT_OF_TWO;
        }
    },
    TRIANGLE {
        @Override
        double signedDistance(double x, double y, double radius) {
            // An equilateral triangle whose corners lie on the bounding circle, apex up (towards
            // row 0): its edges are at half the radius from the centre.
            double edgeDistance = radius * TRIANGLE_INRADIUS;
            double bottom = y;
            double upperRight = x * SINE_OF_SIXTY_DEGREES - y * COSINE_OF_SIXTY_DEGREES;
            double upperLeft = -x * SINE_OF_SIXTY_DEGREES - y * COSINE_OF_SIXTY_DEGREES;
            return Math.max(bottom, Math.max(upperRight, upperLeft)) - edgeDistance;
        }
    },
    RING {
        @Override
        double signedDistance(double x, double y, double radius) {
            double bandCentre = radius * (1 - RING_HALF_WIDTH);
            return Math.abs(Math.sqrt(x * x + y * y) - bandCentre) - radius * RING_HALF_WIDTH;
        }
    },
    CROSS {
        @Override
        double signedDistance(double x, double y, double radius) {
            double armLength = radius * CROSS_ARM_LENGTH;
            double armWidth = radius * CROSS_ARM_HALF_WIDTH;
            return Math.min(box(x, y, armLength, armWidth), box(x, y, armWidth, armLength));
        }
    };

    private static final double HALF_SQUARE_ROOT_OF_TWO = Math.sqrt(2) / 2;
    private static final double TRIANGLE_INRADIUS = 0.5;
    private static final double SINE_OF_SIXTY_DEGREES = Math.sqrt(3) / 2;
    private static final double COSINE_OF_SIXTY_DEGREES = 0.5;

    /** Half the width of a ring's band, over the radius. */
    private static final double RING_HALF_WIDTH = 0.3;

    /** Half the length of a cross's arm over the radius; with the arm's width its corner stays in the circle. */
    private static final double CROSS_ARM_LENGTH = 0.95;
    private static final double CROSS_ARM_HALF_WIDTH = 0.3;

    /**
     * Returns the signed distance of point {@code (x, y)}, relative to the sprite's centre and in
     * the sprite's own orientation, to the outline of a sprite of radius {@code radius}.
     */
    abstract double signedDistance(double x, double y, double radius);

    /** Returns the exact signed distance to an axis-aligned box with the given half sides. */
    private static double box(double x, double y, double halfWidth, double halfHeight) {
        double outsideX = Math.abs(x) - halfWidth;
        double outsideY = Math.abs(y) - halfHeight;
        double beyondX = Math.max(outsideX, 0);
        double beyondY = Math.max(outsideY, 0);
        double outside = Math.sqrt(beyondX * beyondX + beyondY * beyondY);
        return outside + Math.min(Math.max(outsideX, outsideY), 0);
    }
}
