package dev.adamae.engine.data;

/**
 * Where a sprite is in one frame, in pixels: column and row of its centre (pixel {@code x}
 * spans {@code [x, x + 1)}) and the radius of its bounding circle.
 *
 * @param centreX the column of the centre
 * @param centreY the row of the centre; rows grow downward
 * @param radius the radius of the bounding circle
 */
record SpritePose(double centreX, double centreY, double radius) {}
