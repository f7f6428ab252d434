package dev.adamae.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving sprites that show Fashion-MNIST images instead of shapes. */
class FashionMnistSpritesTest {

    private static final int[] SIZE = MovingSpritesDefaults.TINY_PRESET;

    @TempDir
    Path folder;

    private String settings() {
        // One large sprite that hardly moves, so that it is easy to find in the first frame.
        return "adamae.data.moving-sprites { appearance = fashion-mnist, fashion-mnist-dir = \"" + folder + "\","
                + " sprites { min = 1, max = 1 }, sprite-size { min = 0.4, max = 0.4 }, travel { min = 0.05, max = 0.05 } }";
    }

    @Test
    void aSpriteShowsItsImageTintedWhereItIsBrightAndTheBackgroundWhereItIsBlackAndTheForegroundIsWhatItCovers() {
        // Every image: the left half white, the right half black.
        IdxFiles.fashionMnist(folder, 2, (image, row, column) -> column < 14 ? 255 : 0);
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(SIZE, settings());
        for (int index = 0; index < 8; index++) {
            VideoClip clip = dataset.read(index, 0);
            MovingSpritesScene scene = scene(dataset, index);
            SpriteTrack sprite = scene.sprites().get(0);
            SpritePose pose = sprite.pose(0);
            double halfSide = pose.radius() * Math.sqrt(2) / 2;
            int inside = 0;
            for (int y = 0; y < SIZE[1]; y++) {
                for (int x = 0; x < SIZE[2]; x++) {
                    double fromCentreX = x + 0.5 - pose.centreX();
                    double fromCentreY = y + 0.5 - pose.centreY();
                    boolean inSquare = Math.abs(fromCentreY) < halfSide - 1 && Math.abs(fromCentreX) < halfSide - 1;
                    boolean foreground = clip.foreground()[clip.foregroundIndex(0, y, x)];
                    boolean changed = false;
                    for (int c = 0; c < 3; c++) {
                        float value = clip.pixels()[clip.pixelIndex(c, 0, y, x)] * VideoClip.STD[c] + VideoClip.MEAN[c];
                        float background = scene.background()[c][y * SIZE[2] + x];
                        changed |= Math.abs(value - background) > 1e-5;
                        if (inSquare && fromCentreX < -1) {
                            assertThat(value).as("clip %d, (%d, %d): white in the image", index, y, x)
                                    .isCloseTo(sprite.colour().channel(c), within(1e-5f));
                        }
                    }
                    assertThat(foreground).as("clip %d, (%d, %d): foreground where the sprite changed the pixel", index, y, x)
                            .isEqualTo(changed);
                    if (fromCentreX > 1 || Math.abs(fromCentreY) > halfSide + 1 || Math.abs(fromCentreX) > halfSide + 1) {
                        assertThat(foreground).as("clip %d, (%d, %d): black in the image or outside it", index, y, x).isFalse();
                    }
                    if (inSquare && fromCentreX < -1) {
                        inside++;
                    }
                }
            }
            assertThat(inside).as("clip %d: pixels checked inside the white half", index).isGreaterThan(40);
        }
    }

    @Test
    void spritesShowImagesDrawnFromTheWholeFile() {
        IdxFiles.fashionMnist(folder, 3, (image, row, column) -> 255);
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(SIZE, settings());
        Set<Integer> shown = new HashSet<>();
        for (int index = 0; index < 24; index++) {
            shown.add(scene(dataset, index).sprites().get(0).image());
        }
        assertThat(shown).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(dataset.description()).contains("Fashion-MNIST sprites from " + folder.resolve("train-images-idx3-ubyte.gz"));
    }

    @Test
    void theShapesDrawNoImage() {
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(SIZE, "");
        assertThat(scene(dataset, 3).sprites()).allSatisfy(sprite -> assertThat(sprite.image()).isEqualTo(SpriteTrack.NO_IMAGE));
    }

    @Test
    void withoutFashionMnistTheDataSetIsRefusedSayingHowToInstallIt() {
        assertThatThrownBy(() -> MovingSpritesDefaults.dataset(SIZE, settings().replace(folder.toString(),
                folder.resolve("absent").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(folder.resolve("absent").toString())
                .hasMessageEndingWith("install it with: sudo apt-get install dataset-fashion-mnist");
    }

    /** Draws the scene of clip {@code index} again, as the data set draws it. */
    private static MovingSpritesScene scene(MovingSpritesDataset dataset, int index) {
        SpriteImages images = dataset.settings().appearance() == SpriteAppearance.FASHION_MNIST
                ? SpriteImages.fashionMnist(dataset.settings().fashionMnistDir(), "test") : null;
        return MovingSpritesScene.draw(new SplittableRandom(MovingSpritesDataset.clipSeed(dataset.settings().seed(), index)),
                dataset.settings(), images, dataset.motionOf(index), dataset.height(), dataset.width());
    }
}
