package dev.adamae.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpriteShapeTest {

    private static final double RADIUS = 10;

    @ParameterizedTest
    @EnumSource(SpriteShape.class)
    void everyShapeFitsInItsBoundingCircle(SpriteShape shape) {
        for (double x = -2 * RADIUS; x <= 2 * RADIUS; x += 0.25) {
            for (double y = -2 * RADIUS; y <= 2 * RADIUS; y += 0.25) {
                if (shape.signedDistance(x, y, RADIUS) <= 0) {
                    assertThat(Math.hypot(x, y)).as("%s at (%s, %s)", shape, x, y).isLessThanOrEqualTo(RADIUS + 1e-9);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SpriteShape.class)
    void everyShapeCoversASizeablePartOfItsCircle(SpriteShape shape) {
        int inside = 0;
        int inCircle = 0;
        for (double x = -RADIUS; x <= RADIUS; x += 0.25) {
            for (double y = -RADIUS; y <= RADIUS; y += 0.25) {
                if (Math.hypot(x, y) <= RADIUS) {
                    inCircle++;
                    if (shape.signedDistance(x, y, RADIUS) <= 0) {
                        inside++;
                    }
                }
            }
        }
        // The smallest, the triangle, covers 41% of its circle.
        assertThat((double) inside / inCircle).as("%s", shape).isGreaterThan(0.35);
    }
}
