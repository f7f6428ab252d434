package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.ClipContent;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.VideoClip;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ClipContentsTest {

    @Test
    void everyPixelOfTheClipIsWhereTheDocumentedLayoutSays() {
        ModelSettings model = Presets.model("test");
        INDArray clips = Nd4j.rand(DataType.FLOAT, 2, ModelSettings.CHANNELS, model.clipFrames(), model.clipHeight(),
                model.clipWidth());
        ClipContent content = ClipContents.of(clips, model);
        assertThat(content.grid()).isEqualTo(model.grid());
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                for (int t = 0; t < model.clipFrames(); t++) {
                    for (int y = 0; y < model.clipHeight(); y++) {
                        for (int x = 0; x < model.clipWidth(); x++) {
                            assertThat(content.pixel(b, t, y, x, c)).isEqualTo(clips.getFloat(b, c, t, y, x));
                        }
                    }
                }
            }
        }
    }

    @Test
    void clipsReadOneByOneGiveTheContentOfTheirBatch() {
        ModelSettings model = Presets.model("test");
        INDArray clips = Nd4j.rand(DataType.FLOAT, 2, ModelSettings.CHANNELS, model.clipFrames(), model.clipHeight(),
                model.clipWidth());
        List<VideoClip> read = List.of(clipOf(clips, 0, model), clipOf(clips, 1, model));
        assertThat(ClipContents.of(read, model).values()).isEqualTo(ClipContents.of(clips, model).values());
        VideoClip small = new VideoClip("small", new float[3 * 2 * 8 * 8], 2, 8, 8, VideoClip.NO_LABEL, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClipContents.of(List.of(small), model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Clip small is 2x8x8");
    }

    private static VideoClip clipOf(INDArray clips, int index, ModelSettings model) {
        float[] pixels = clips.get(org.nd4j.linalg.indexing.NDArrayIndex.point(index)).dup('c').data().asFloat();
        return new VideoClip("clip-" + index, pixels, model.clipFrames(), model.clipHeight(), model.clipWidth(),
                VideoClip.NO_LABEL, null);
    }
}
